// A token passed around a ring of goroutines: only the holder may act, so
// the goroutines take strict turns, like coroutines yielding to each other.
package main

import (
	"fmt"
	"strings"
)

type Token struct {
	Hops  int
	Trail []string
}

func main() {
	names := []string{"ana", "ben", "cleo", "dan"}
	const laps = 3
	ring := make([]chan Token, len(names))
	for i := range ring {
		ring[i] = make(chan Token)
	}
	done := make(chan Token)
	for i, name := range names {
		go func() {
			in, out := ring[i], ring[(i+1)%len(ring)]
			for t := range in {
				t.Hops++
				t.Trail = append(t.Trail, fmt.Sprintf("%s%d", name[:1], t.Hops))
				if t.Hops == laps*len(names) {
					done <- t
					continue
				}
				out <- t
			}
		}()
	}
	ring[0] <- Token{}
	t := <-done
	for _, c := range ring {
		close(c)
	}
	for i := 0; i < len(t.Trail); i += len(names) {
		fmt.Println(strings.Join(t.Trail[i:i+len(names)], " -> "))
	}
	fmt.Println("hops:", t.Hops)

	// Ping-pong with a shared counter and no lock: the channel hand-off
	// orders every access.
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v * 2
		}
		close(pong)
	}()
	v := 1
	var seq []int
	for range 6 {
		ping <- v
		v = <-pong + 1
		seq = append(seq, v)
	}
	close(ping)
	_, open := <-pong
	fmt.Println(seq, "pong open:", open)
}
