// Range over function iterators: iter.Seq, iter.Seq2, early break, pull.
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

func Count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

func Enumerate[T any](xs []T) iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i, x := range xs {
			if !yield(i, x) {
				return
			}
		}
	}
}

func FilterSeq[T any](seq iter.Seq[T], keep func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range seq {
			if keep(v) && !yield(v) {
				return
			}
		}
	}
}

type Tree struct {
	Left, Right *Tree
	Val         int
}

func (t *Tree) Insert(v int) *Tree {
	if t == nil {
		return &Tree{Val: v}
	}
	if v < t.Val {
		t.Left = t.Left.Insert(v)
	} else {
		t.Right = t.Right.Insert(v)
	}
	return t
}

func (t *Tree) All() iter.Seq[int] {
	return func(yield func(int) bool) {
		t.walk(yield)
	}
}

func (t *Tree) walk(yield func(int) bool) bool {
	if t == nil {
		return true
	}
	return t.Left.walk(yield) && yield(t.Val) && t.Right.walk(yield)
}

func Fib() iter.Seq[int] {
	return func(yield func(int) bool) {
		a, b := 0, 1
		for {
			if !yield(a) {
				return
			}
			a, b = b, a+b
		}
	}
}

func main() {
	for i := range Count(3) {
		fmt.Print(i, " ")
	}
	fmt.Println()
	for i, s := range Enumerate([]string{"x", "y", "z"}) {
		if s == "z" {
			break
		}
		fmt.Println(i, s)
	}
	evens := FilterSeq(Count(10), func(n int) bool { return n%2 == 0 })
	fmt.Println(slices.Collect(evens))

	var root *Tree
	for _, v := range []int{5, 3, 8, 1, 4, 9, 7} {
		root = root.Insert(v)
	}
	for v := range root.All() {
		if v > 7 {
			break
		}
		fmt.Print(v, ",")
	}
	fmt.Println()
	for f := range Fib() {
		if f > 50 {
			break
		}
		fmt.Print(f, " ")
	}
	fmt.Println()
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Print(k, "=", m[k], " ")
	}
	fmt.Println()
	for i, w := range slices.All(strings.Fields("alpha beta gamma")) {
		fmt.Print(i, ":", w, " ")
	}
	fmt.Println()
	for w := range strings.SplitSeq("a,b,c", ",") {
		fmt.Print("[", w, "]")
	}
	fmt.Println()
	fmt.Println(slices.Collect(maps.Values(map[int]int{1: 10})))
	total := 0
outer:
	for i := range Count(5) {
		for j := range Count(5) {
			if j > i {
				continue outer
			}
			if i == 4 {
				break outer
			}
			total += j
		}
	}
	fmt.Println("total:", total)
}
