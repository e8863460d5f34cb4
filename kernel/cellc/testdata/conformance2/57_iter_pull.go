// iter.Pull and iter.Pull2 turn push iterators into pull iterators:
// merge two sorted sequences by pulling from each in turn.
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
)

func merge(a, b iter.Seq[int]) []int {
	nextA, stopA := iter.Pull(a)
	defer stopA()
	nextB, stopB := iter.Pull(b)
	defer stopB()
	var out []int
	va, okA := nextA()
	vb, okB := nextB()
	for okA || okB {
		if okA && (!okB || va <= vb) {
			out = append(out, va)
			va, okA = nextA()
		} else {
			out = append(out, vb)
			vb, okB = nextB()
		}
	}
	return out
}

func main() {
	fmt.Println(merge(slices.Values([]int{1, 4, 9}), slices.Values([]int{2, 3, 10, 11})))

	ages := map[string]int{"ann": 31, "bob": 25}
	next, stop := iter.Pull2(maps.All(ages))
	seen := 0
	for {
		_, age, ok := next()
		if !ok {
			break
		}
		seen += age
	}
	stop()
	fmt.Println("sum of ages:", seen)

	// Stopping early ends the producer.
	next1, stop1 := iter.Pull(slices.Values([]string{"x", "y", "z"}))
	first, _ := next1()
	stop1()
	_, ok := next1()
	fmt.Println(first, ok)
}
