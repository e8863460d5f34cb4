// Iterator pipelines with generics: Map, Filter, Take, Zip over iter.Seq and iter.Seq2.
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

func Map[T, U any](seq iter.Seq[T], f func(T) U) iter.Seq[U] {
	return func(yield func(U) bool) {
		for v := range seq {
			if !yield(f(v)) {
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

func Take[T any](seq iter.Seq[T], n int) iter.Seq[T] {
	return func(yield func(T) bool) {
		if n <= 0 {
			return
		}
		i := 0
		for v := range seq {
			if !yield(v) {
				return
			}
			i++
			if i == n {
				return
			}
		}
	}
}

func Naturals() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 1; ; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func Enumerate[T any](seq iter.Seq[T]) iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		i := 0
		for v := range seq {
			if !yield(i, v) {
				return
			}
			i++
		}
	}
}

type Word struct {
	Text string
	Len  int
}

func main() {
	evensSquared := Map(Filter(Naturals(), func(n int) bool { return n%2 == 0 }), func(n int) int { return n * n })
	fmt.Println(slices.Collect(Take(evensSquared, 5)))
	words := strings.Fields("the quick brown fox jumps over the lazy dog")
	ws := Map(slices.Values(words), func(s string) Word { return Word{s, len(s)} })
	long := Filter(ws, func(w Word) bool { return w.Len > 4 })
	for i, w := range Enumerate(long) {
		fmt.Printf("%d:%+v ", i, w)
	}
	fmt.Println()
	counts := map[string]int{}
	for _, w := range words {
		counts[w]++
	}
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if counts[k] > 1 {
			fmt.Println(k, counts[k])
		}
	}
	upper := slices.Collect(Map(slices.Values([]string{"a", "b"}), strings.ToUpper))
	fmt.Println(upper, len(slices.Collect(Take(Naturals(), 0))))
	for k, v := range maps.All(map[string]int{"only": 1}) {
		fmt.Println(k, v)
	}
}
