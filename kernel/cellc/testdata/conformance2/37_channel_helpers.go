// Generic channel helpers: OrDone, Tee, Batch, and Take with a done channel.
package main

import (
	"fmt"
	"sync"
)

func OrDone[T any](done <-chan struct{}, c <-chan T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for {
			select {
			case <-done:
				return
			case v, ok := <-c:
				if !ok {
					return
				}
				select {
				case out <- v:
				case <-done:
					return
				}
			}
		}
	}()
	return out
}

func Tee[T any](in <-chan T) (<-chan T, <-chan T) {
	a, b := make(chan T), make(chan T)
	go func() {
		defer close(a)
		defer close(b)
		for v := range in {
			a, b := a, b
			for range 2 {
				select {
				case a <- v:
					a = nil
				case b <- v:
					b = nil
				}
			}
		}
	}()
	return a, b
}

func Batch[T any](in <-chan T, size int) <-chan []T {
	out := make(chan []T)
	go func() {
		defer close(out)
		var buf []T
		for v := range in {
			buf = append(buf, v)
			if len(buf) == size {
				out <- buf
				buf = nil
			}
		}
		if len(buf) > 0 {
			out <- buf
		}
	}()
	return out
}

func From[T any](xs ...T) <-chan T {
	c := make(chan T)
	go func() {
		for _, x := range xs {
			c <- x
		}
		close(c)
	}()
	return c
}

func Take[T any](done <-chan struct{}, in <-chan T, n int) []T {
	var out []T
	for v := range OrDone(done, in) {
		out = append(out, v)
		if len(out) == n {
			break
		}
	}
	return out
}

func main() {
	done := make(chan struct{})
	defer close(done)
	for b := range Batch(From(1, 2, 3, 4, 5, 6, 7), 3) {
		fmt.Println("batch", b)
	}
	a, b := Tee(From("x", "y", "z"))
	var wg sync.WaitGroup
	var ra, rb []string
	wg.Add(2)
	go func() {
		defer wg.Done()
		for v := range a {
			ra = append(ra, v)
		}
	}()
	go func() {
		defer wg.Done()
		for v := range b {
			rb = append(rb, v)
		}
	}()
	wg.Wait()
	fmt.Println(ra, rb)
	inf := make(chan int)
	go func() {
		for i := 0; ; i++ {
			select {
			case inf <- i:
			case <-done:
				return
			}
		}
	}()
	fmt.Println(Take(done, inf, 4))
	fmt.Println(Take(done, From[float64](), 2) == nil)
}
