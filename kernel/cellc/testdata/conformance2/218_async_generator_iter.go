// Async generators: a producer that yields values as they become ready,
// consumed with range-over-func; breaking early stops the producer.
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"time"
)

// ticks yields n readings, each after a short wait.
func ticks(n int, stopped *bool) iter.Seq2[int, float64] {
	return func(yield func(int, float64) bool) {
		defer func() { *stopped = true }()
		for i := range n {
			time.Sleep(200 * time.Microsecond)
			if !yield(i, float64(i)*1.5) {
				return
			}
		}
	}
}

// fromChan adapts a channel-based async source into an iterator.
func fromChan[T any](c <-chan T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range c {
			if !yield(v) {
				return
			}
		}
	}
}

func paginate(pages [][]string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for p, page := range pages {
			for _, item := range page {
				if !yield(fmt.Sprintf("p%d/%s", p+1, item)) {
					return
				}
			}
		}
	}
}

func filter[T any](seq iter.Seq[T], keep func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range seq {
			if keep(v) && !yield(v) {
				return
			}
		}
	}
}

func main() {
	stopped := false
	for i, v := range ticks(10, &stopped) {
		fmt.Printf("reading %d = %.1f\n", i, v)
		if i == 3 {
			break
		}
	}
	fmt.Println("generator cleaned up:", stopped)

	c := make(chan string)
	go func() {
		defer close(c)
		for _, w := range strings.Fields("alpha beta gamma delta") {
			c <- w
		}
	}()
	fmt.Println(slices.Collect(fromChan(c)))

	pages := [][]string{{"a", "bb"}, {"ccc"}, {"dd", "e", "ffff"}}
	long := filter(paginate(pages), func(s string) bool { return len(s) > 4 })
	fmt.Println(slices.Collect(long))

	next, stop := iter.Pull(paginate(pages))
	for range 2 {
		v, ok := next()
		fmt.Println("pulled:", v, ok)
	}
	stop()
	v, ok := next()
	fmt.Printf("after stop: %q %v\n", v, ok)

	counts := map[string]int{"x": 3, "y": 1, "z": 2}
	keys := slices.Sorted(maps.Keys(counts))
	fmt.Println(keys, slices.Collect(maps.Values(map[int]int{1: 1})))
	for i, k := range slices.Backward(keys) {
		fmt.Print(i, k, " ")
	}
	fmt.Println()
}
