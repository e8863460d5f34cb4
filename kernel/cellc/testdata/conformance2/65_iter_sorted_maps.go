// Iterators: iter.Seq generators, slices.Collect, maps.Keys sorted, and a
// channel-backed generator for comparison.
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

func Countdown(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := n; i > 0; i-- {
			if !yield(i) {
				return
			}
		}
	}
}

func Filter[T any](seq iter.Seq[T], keep func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range seq {
			if keep(v) && !yield(v) {
				return
			}
		}
	}
}

func gen(words []string) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, w := range words {
			ch <- strings.ToUpper(w)
		}
	}()
	return ch
}

func main() {
	fmt.Println(slices.Collect(Countdown(5)))
	even := Filter(Countdown(10), func(n int) bool { return n%2 == 0 })
	for v := range even {
		if v < 4 {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	stock := map[string]int{"pear": 3, "apple": 7, "fig": 1}
	keys := slices.Sorted(maps.Keys(stock))
	for _, k := range keys {
		fmt.Printf("%-5s %d\n", k, stock[k])
	}
	for i, w := range slices.All([]string{"x", "y"}) {
		fmt.Println(i, w)
	}
	var out []string
	for w := range gen([]string{"go", "is", "fun"}) {
		out = append(out, w)
	}
	fmt.Println(strings.Join(out, "-"))
}
