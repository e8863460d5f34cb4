// Range over function iterators, with break, continue and return.
package main

import "fmt"

func count(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func pairs(m []string) func(func(int, string) bool) {
	return func(yield func(int, string) bool) {
		for i, s := range m {
			if !yield(i, s) {
				return
			}
		}
	}
}

func firstOver(limit int) (int, bool) {
	for v := range count(100) {
		if v*v > limit {
			return v, true
		}
	}
	return 0, false
}

func main() {
	for v := range count(10) {
		if v%2 == 0 {
			continue
		}
		if v > 7 {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	for i, s := range pairs([]string{"a", "b", "c"}) {
		fmt.Print(i, s, " ")
	}
	fmt.Println()
	fmt.Println(firstOver(50))
	var fs []func() int
	for v := range count(3) {
		fs = append(fs, func() int { return v })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
outer:
	for a := range count(3) {
		for b := range count(3) {
			if b > a {
				continue outer
			}
			fmt.Print(a, b, " ")
		}
	}
	fmt.Println()
}
