// Generic channel helpers, iter.Seq pipelines, slices/maps helpers.
package main

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"
)

func Generate[T any](vals ...T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for _, v := range vals {
			out <- v
		}
	}()
	return out
}

func Map[T, U any](in <-chan T, f func(T) U) <-chan U {
	out := make(chan U)
	go func() {
		defer close(out)
		for v := range in {
			out <- f(v)
		}
	}()
	return out
}

func Merge[T any](chans ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	for _, c := range chans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range c {
				out <- v
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

func Collect[T any](in <-chan T) []T {
	var out []T
	for v := range in {
		out = append(out, v)
	}
	return out
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

type Pair[K cmp.Ordered, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

func SortedPairs[K cmp.Ordered, V any](m map[K]V) []Pair[K, V] {
	var ps []Pair[K, V]
	for _, k := range slices.Sorted(maps.Keys(m)) {
		ps = append(ps, Pair[K, V]{k, m[k]})
	}
	return ps
}

type Employee struct {
	Name string
	Dept string
	Age  int
}

func main() {
	sq := Map(Generate(1, 2, 3, 4), func(x int) int { return x * x })
	got := Collect(Merge(sq, Map(Generate("a", "bb"), func(s string) int { return len(s) })))
	slices.Sort(got)
	fmt.Println(got)

	evens := Filter(Naturals(), func(n int) bool { return n%2 == 0 })
	fmt.Println(slices.Collect(Take(evens, 5)))
	for i, v := range slices.All([]string{"x", "y"}) {
		fmt.Print(i, v, " ")
	}
	fmt.Println()

	emps := []Employee{{"Ann", "eng", 31}, {"Bob", "ops", 45}, {"Cid", "eng", 28}, {"Dee", "ops", 31}, {"Eve", "eng", 31}}
	slices.SortFunc(emps, func(a, b Employee) int {
		return cmp.Or(cmp.Compare(a.Dept, b.Dept), cmp.Compare(b.Age, a.Age), strings.Compare(a.Name, b.Name))
	})
	for _, e := range emps {
		fmt.Printf("%-4s %-3s %d\n", e.Name, e.Dept, e.Age)
	}
	byDept := map[string][]string{}
	for _, e := range emps {
		byDept[e.Dept] = append(byDept[e.Dept], e.Name)
	}
	fmt.Println(SortedPairs(byDept))
	counts := map[int]int{}
	for _, e := range emps {
		counts[e.Age]++
	}
	fmt.Println(SortedPairs(counts), len(counts))
	idx, found := slices.BinarySearchFunc(emps, "ops", func(e Employee, d string) int { return strings.Compare(e.Dept, d) })
	fmt.Println(idx, found)
	oldest := slices.MaxFunc(emps, func(a, b Employee) int { return cmp.Compare(a.Age, b.Age) })
	fmt.Println(oldest.Name, slices.IndexFunc(emps, func(e Employee) bool { return e.Age < 30 }))
	names := slices.Collect(func(yield func(string) bool) {
		for _, e := range emps {
			if !yield(strings.ToLower(e.Name)) {
				return
			}
		}
	})
	fmt.Println(names, slices.Contains(names, "eve"))
}
