package main

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

type Stringer interface{ String() string }

type ID int

func (i ID) String() string { return fmt.Sprintf("#%d", int(i)) }

type Named interface {
	comparable
	Stringer
}

func JoinAll[T Stringer](xs []T, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = x.String()
	}
	return strings.Join(parts, sep)
}

func Index[T Named](xs []T, v T) int {
	for i, x := range xs {
		if x == v {
			return i
		}
	}
	return -1
}

type Cache[K comparable, V any] struct {
	mu   sync.Mutex
	data map[K]V
	hits int
}

func NewCache[K comparable, V any]() *Cache[K, V] {
	return &Cache[K, V]{data: make(map[K]V)}
}

func (c *Cache[K, V]) GetOr(k K, compute func(K) (V, error)) (V, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.data[k]; ok {
		c.hits++
		return v, nil
	}
	v, err := compute(k)
	if err != nil {
		var zero V
		return zero, fmt.Errorf("compute %v: %w", k, err)
	}
	c.data[k] = v
	return v, nil
}

type Number interface{ ~int | ~float64 }

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func Average[T Number](xs []T) float64 {
	if len(xs) == 0 {
		return 0
	}
	return float64(Reduce(xs, T(0), func(a, b T) T { return a + b })) / float64(len(xs))
}

type Pair[A, B any] struct {
	First  A
	Second B
}

func Zip[A, B any](as []A, bs []B) []Pair[A, B] {
	n := min(len(as), len(bs))
	out := make([]Pair[A, B], n)
	for i := range n {
		out[i] = Pair[A, B]{as[i], bs[i]}
	}
	return out
}

type List[T any] struct {
	head *node[T]
	size int
}

type node[T any] struct {
	val  T
	next *node[T]
}

func (l *List[T]) Push(v T) { l.head = &node[T]{v, l.head}; l.size++ }
func (l *List[T]) All() func(func(int, T) bool) {
	return func(yield func(int, T) bool) {
		i := 0
		for n := l.head; n != nil; n = n.next {
			if !yield(i, n.val) {
				return
			}
			i++
		}
	}
}

var ErrOdd = errors.New("odd")

func SortedBy[T any, K cmp.Ordered](xs []T, key func(T) K) []T {
	out := slices.Clone(xs)
	sort.SliceStable(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}

func main() {
	ids := []ID{3, 1, 2}
	fmt.Println(JoinAll(ids, ", "), Index(ids, ID(2)), Index(ids, ID(9)))
	c := NewCache[int, string]()
	compute := func(k int) (string, error) {
		if k%2 == 1 {
			return "", ErrOdd
		}
		return strings.Repeat("*", k), nil
	}
	for _, k := range []int{2, 4, 2, 3} {
		v, err := c.GetOr(k, compute)
		fmt.Printf("%d -> %q %v %v\n", k, v, err, errors.Is(err, ErrOdd))
	}
	fmt.Println("hits:", c.hits)
	fmt.Println(Average([]int{1, 2, 3, 4}), Average([]float64{}), Average([]ID{2, 4}))
	words := Reduce([]string{"a", "bb", "ccc"}, map[int]string{}, func(m map[int]string, s string) map[int]string {
		m[len(s)] = s
		return m
	})
	fmt.Println(words)
	pairs := Zip([]string{"x", "y", "z"}, []ID{7, 8})
	fmt.Println(pairs, len(pairs))
	fmt.Printf("%+v %T\n", pairs[0], pairs[0])
	var l List[ID]
	for i := range 3 {
		l.Push(ID(i * 10))
	}
	for i, v := range l.All() {
		fmt.Print(i, ":", v, " ")
	}
	fmt.Println(l.size)
	type person struct {
		name string
		age  int
	}
	people := []person{{"c", 30}, {"a", 25}, {"b", 30}}
	fmt.Println(SortedBy(people, func(p person) int { return p.age }))
	fmt.Println(SortedBy(people, func(p person) string { return p.name }))
	fmt.Println(slices.Sorted(func(yield func(ID) bool) {
		for _, id := range []ID{5, 1, 3} {
			if !yield(id) {
				return
			}
		}
	}))
}
