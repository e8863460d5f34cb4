// A generic stack and queue with methods, used by a worker that drains them.
package main

import (
	"fmt"
	"strings"
)

type Stack[T any] struct {
	items []T
}

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

func (s *Stack[T]) Len() int { return len(s.items) }

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

type Number interface {
	~int | ~int64 | ~float64
}

func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

type Celsius float64

func main() {
	var s Stack[string]
	for _, w := range strings.Fields("go is fun to learn") {
		s.Push(w)
	}
	fmt.Println("len:", s.Len())
	var rev []string
	for {
		w, ok := s.Pop()
		if !ok {
			break
		}
		rev = append(rev, w)
	}
	fmt.Println("reversed:", strings.Join(rev, " "))

	ints := &Stack[int]{}
	ints.Push(1)
	ints.Push(2)
	fmt.Printf("%v %+v\n", *ints, *ints)

	pairs := []Pair[string, int]{{"a", 1}, {"b", 2}, {"c", 3}}
	fmt.Println(pairs)
	fmt.Println(pairs[0])

	sq := Map([]int{1, 2, 3, 4}, func(x int) int { return x * x })
	even := Filter(sq, func(x int) bool { return x%2 == 0 })
	total := Reduce(sq, 0, func(a, x int) int { return a + x })
	strs := Map(sq, func(x int) string { return fmt.Sprintf("<%d>", x) })
	fmt.Println(sq, even, total, strs)

	fmt.Println(Sum(1, 2, 3), Sum(1.5, 2.5), Sum[Celsius](10, 20.5))
	fmt.Printf("%T %T\n", Sum[Celsius](1), pairs[0])
}
