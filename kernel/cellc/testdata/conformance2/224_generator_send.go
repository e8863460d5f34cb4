// Coroutines before async/await were generators you could send values into.
// A coroutine here is a goroutine with an in and an out channel: each send
// resumes it until its next yield.
package main

import (
	"errors"
	"fmt"
	"strings"
)

type Coroutine[In, Out any] struct {
	in   chan In
	out  chan Out
	done chan struct{}
}

var ErrStopIteration = errors.New("StopIteration")

func NewCoroutine[In, Out any](body func(yield func(Out) In)) *Coroutine[In, Out] {
	c := &Coroutine[In, Out]{in: make(chan In), out: make(chan Out), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		var first In
		first = <-c.in // prime: the first send starts the body
		_ = first
		body(func(v Out) In {
			c.out <- v
			return <-c.in
		})
	}()
	return c
}

func (c *Coroutine[In, Out]) Send(v In) (Out, error) {
	var zero Out
	select {
	case c.in <- v:
	case <-c.done:
		return zero, ErrStopIteration
	}
	select {
	case o := <-c.out:
		return o, nil
	case <-c.done:
		return zero, ErrStopIteration
	}
}

func main() {
	// A running average: send a number, get the average so far.
	avg := NewCoroutine(func(yield func(float64) float64) {
		total, count := 0.0, 0
		v := yield(0)
		for v >= 0 {
			total += v
			count++
			v = yield(total / float64(count))
		}
	})
	avg.Send(0) // prime, like next(gen)
	for _, x := range []float64{10, 20, 60, 5} {
		a, err := avg.Send(x)
		fmt.Printf("send %4.1f -> average %6.2f err=%v\n", x, a, err)
	}
	_, err := avg.Send(-1)
	fmt.Println("after negative:", err, errors.Is(err, ErrStopIteration))

	// An echo-with-memory coroutine over strings.
	echo := NewCoroutine(func(yield func(string) string) {
		var seen []string
		msg := yield("ready")
		for msg != "bye" {
			seen = append(seen, msg)
			msg = yield(fmt.Sprintf("%s (%d so far: %s)", strings.ToUpper(msg), len(seen), strings.Join(seen, ",")))
		}
	})
	first, _ := echo.Send("")
	fmt.Println(first)
	for _, m := range []string{"hi", "how", "are", "bye", "extra"} {
		r, err := echo.Send(m)
		fmt.Printf("%-5s => %q %v\n", m, r, err)
	}
}
