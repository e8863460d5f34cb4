// Labeled break and continue, switch with fallthrough, goto-free searches.
package main

import "fmt"

func classify(n int) string {
	s := ""
	switch {
	case n < 0:
		s += "negative "
		fallthrough
	case n == 0:
		s += "small "
	case n > 100:
		s += "big "
	default:
		s += "medium "
	}
	return s
}

func grade(score int) string {
	switch score / 10 {
	case 10, 9:
		return "A"
	case 8:
		return "B"
	case 7:
		return "C"
	}
	return "F"
}

func main() {
	grid := [][]int{{1, 2, 3}, {4, -5, 6}, {7, 8, 9}}
	found := [2]int{-1, -1}
search:
	for i, row := range grid {
		for j, v := range row {
			if v < 0 {
				found = [2]int{i, j}
				break search
			}
		}
	}
	fmt.Println("negative at", found)

	count := 0
outer:
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			if j > i {
				continue outer
			}
			if i == 4 {
				break outer
			}
			count++
		}
	}
	fmt.Println("count:", count)

	for _, n := range []int{-3, 0, 50, 500} {
		fmt.Printf("%d: %q\n", n, classify(n))
	}
	for _, s := range []int{100, 95, 85, 72, 10} {
		fmt.Print(grade(s), " ")
	}
	fmt.Println()

	ch := make(chan int)
	go func() {
		for i := range 10 {
			ch <- i
		}
		close(ch)
	}()
	sum := 0
recv:
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				break recv
			}
			switch {
			case v%3 == 0:
				continue recv
			case v == 8:
				sum += 100
				fallthrough
			default:
				sum += v
			}
		}
	}
	fmt.Println("sum:", sum)
}
