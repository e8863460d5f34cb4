// Generic constraints, type sets, generic methods on a set, and comparable keys.
package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

type Ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~float32 | ~float64 | ~string
}

func MaxOf[T Ordered](xs ...T) (T, bool) {
	var zero T
	if len(xs) == 0 {
		return zero, false
	}
	m := xs[0]
	for _, x := range xs[1:] {
		if x > m {
			m = x
		}
	}
	return m, true
}

type Set[T comparable] map[T]struct{}

func NewSet[T comparable](xs ...T) Set[T] {
	s := Set[T]{}
	for _, x := range xs {
		s.Add(x)
	}
	return s
}

func (s Set[T]) Add(x T)      { s[x] = struct{}{} }
func (s Set[T]) Has(x T) bool { _, ok := s[x]; return ok }
func (s Set[T]) Len() int     { return len(s) }
func (s Set[T]) Union(o Set[T]) Set[T] {
	out := Set[T]{}
	for x := range s {
		out.Add(x)
	}
	for x := range o {
		out.Add(x)
	}
	return out
}

func SortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

type Stringish interface {
	~string
}

func JoinAll[S Stringish](xs []S, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = string(x)
	}
	return strings.Join(parts, sep)
}

type Color string

type List[T any] struct {
	head *node[T]
	size int
}

type node[T any] struct {
	val  T
	next *node[T]
}

func (l *List[T]) Push(v T) {
	l.head = &node[T]{v, l.head}
	l.size++
}

func (l *List[T]) Each(f func(T)) {
	for n := l.head; n != nil; n = n.next {
		f(n.val)
	}
}

func GroupBy[T any, K comparable](xs []T, key func(T) K) map[K][]T {
	out := map[K][]T{}
	for _, x := range xs {
		k := key(x)
		out[k] = append(out[k], x)
	}
	return out
}

func main() {
	fmt.Println(MaxOf(3, 7, 1))
	fmt.Println(MaxOf("pear", "apple"))
	fmt.Println(MaxOf[float64]())
	s := NewSet(1, 2, 3)
	u := s.Union(NewSet(3, 4))
	fmt.Println(s.Has(2), s.Has(9), u.Len(), SortedKeys(u))
	fmt.Println(JoinAll([]Color{"red", "green"}, "+"))
	var l List[string]
	for _, w := range []string{"c", "b", "a"} {
		l.Push(w)
	}
	l.Each(func(s string) { fmt.Print(s) })
	fmt.Println(" size", l.size)
	g := GroupBy([]string{"apple", "avocado", "banana", "blueberry", "cherry"}, func(s string) byte { return s[0] })
	for _, k := range SortedKeys(g) {
		fmt.Printf("%c: %v\n", k, g[k])
	}
	byLen := GroupBy([]int{1, 22, 333, 4, 55}, func(n int) int { return len(fmt.Sprint(n)) })
	fmt.Println(byLen)
	fmt.Println(cmp.Compare(2, 3), cmp.Less("b", "a"), slices.MinFunc([]Color{"z", "m"}, func(a, b Color) int { return cmp.Compare(a, b) }))
}
