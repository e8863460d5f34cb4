// Assigning and declaring several variables at once, when a value is a
// composite literal, a receive or a call; assigning a receive to a
// package variable or a captured one.
package main

import "fmt"

type point struct{ X, Y int }

func seven() int { return 7 }

var last int

func main() {
	s, n := []int{1, 2, 3}, 5
	j, t := 5, map[string]int{"a": 1}
	p, a := point{1, 2}, [2]int{3, 4}
	var q, r = []int{4}, 6
	fmt.Println(s, n, j, t, p, a, q, r)

	ch := make(chan int, 2)
	ch <- 1
	ch <- 2
	v, k := <-ch, 3
	v, k = <-ch, k+v
	fmt.Println(v, k)

	n, j = seven(), len(s)
	s, n = append(s, n), len(s) // len sees the old s
	fmt.Println(s, n, j)

	p, n = point{n, p.X}, p.Y // a swap through a literal
	err, n := fmt.Errorf("e%d", n), 9
	fmt.Println(p, n, err)

	if w, ok := []string{"x"}, true; ok {
		fmt.Println(w, ok)
	}

	ch <- 10
	ch <- 20
	last = <-ch
	got := 0
	func() { got = <-ch }()
	fmt.Println(last, got)
}
