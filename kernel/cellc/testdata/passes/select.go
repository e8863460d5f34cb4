// Branches inside select: continue, labeled break, break in a nested block.
package main

import "fmt"

func main() {
	work := make(chan string, 1)
	attempts := 0
	for {
		attempts++
		select {
		case w := <-work:
			fmt.Println("got", w, "after", attempts)
		default:
			if attempts == 3 {
				work <- "job"
			}
			continue
		}
		break
	}
	quit := make(chan struct{})
	close(quit)
	n := 0
loop:
	for {
		n++
		select {
		case <-quit:
			if n >= 2 {
				break loop
			}
		}
	}
	fmt.Println("left loop after", n)
	a := make(chan int, 3)
	a <- 1
	a <- 2
	close(a)
	sum := 0
	for i := 0; i < 5; i++ {
		select {
		case v, ok := <-a:
			if !ok {
				break
			}
			sum += v
		}
	}
	fmt.Println("sum", sum)
	// Receive cases that assign variables the closure captured, a map
	// entry and a blank.
	b := make(chan int, 3)
	b <- 7
	b <- 8
	b <- 9
	var got int
	var ok bool
	seen := map[string]int{}
	func() {
		for range 3 {
			select {
			case got, ok = <-b:
				if got == 8 {
					continue
				}
				seen["last"] = got
			}
		}
	}()
	b <- 10
	select {
	case seen["ten"] = <-b:
	}
	close(b)
	select {
	case _, ok = <-b:
	}
	fmt.Println(got, ok, seen)
}
