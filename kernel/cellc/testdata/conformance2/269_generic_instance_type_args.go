// Generic functions whose type arguments are instances of the program's
// own generic types: inferred from a function literal, written out, and
// nested.
package main

import (
	"fmt"
	"sort"
)

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

type Box[T any] struct{ Val T }

func Map[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}

func Apply[T, U any](x T, f func(T) U) U { return f(x) }

func Collect[T any](ch <-chan T) []T {
	var out []T
	for v := range ch {
		out = append(out, v)
	}
	return out
}

func Entries[K comparable, V any](m map[K]V) []Pair[K, V] {
	out := make([]Pair[K, V], 0, len(m))
	for k, v := range m {
		out = append(out, Pair[K, V]{k, v})
	}
	return out
}

func main() {
	lens := Map([]string{"go", "zig", "c"}, func(s string) Pair[string, int] {
		return Pair[string, int]{s, len(s)}
	})
	fmt.Println(lens)
	fmt.Printf("%T\n", lens)

	b := Apply(2, func(n int) Box[int] { return Box[int]{n * 21} })
	fmt.Printf("%v %+v %T\n", b, b, b)

	explicit := Apply[string, Box[Pair[string, bool]]]("ok", func(s string) Box[Pair[string, bool]] {
		return Box[Pair[string, bool]]{Pair[string, bool]{s, true}}
	})
	fmt.Printf("%+v\n", explicit)

	ch := make(chan Pair[string, int], 3)
	go func() {
		defer close(ch)
		for i, w := range []string{"a", "b", "c"} {
			ch <- Pair[string, int]{w, i}
		}
	}()
	fmt.Println(Collect(ch))

	es := Entries(map[string]int{"x": 1, "y": 2})
	sort.Slice(es, func(i, j int) bool { return es[i].Key < es[j].Key })
	boxes := Map(es, func(p Pair[string, int]) *Box[Pair[string, int]] { return &Box[Pair[string, int]]{p} })
	for _, bx := range boxes {
		fmt.Println(bx.Val.Key, bx.Val.Val)
	}
}
