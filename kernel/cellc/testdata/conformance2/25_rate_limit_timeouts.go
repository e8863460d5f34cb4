// Timeouts per request with select and time.After, results in a struct slice.
package main

import (
	"errors"
	"fmt"
	"time"
)

var ErrTimeout = errors.New("request timed out")

type Response struct {
	ID    int
	Body  string
	Err   error
	Tries int
}

func call(id int, delay time.Duration) <-chan string {
	ch := make(chan string, 1)
	go func() {
		time.Sleep(delay)
		ch <- fmt.Sprintf("body-%d", id)
	}()
	return ch
}

func withTimeout(id int, delay, limit time.Duration) Response {
	select {
	case b := <-call(id, delay):
		return Response{ID: id, Body: b, Tries: 1}
	case <-time.After(limit):
		return Response{ID: id, Err: fmt.Errorf("id %d: %w", id, ErrTimeout), Tries: 1}
	}
}

func retry(id int, delays []time.Duration, limit time.Duration) Response {
	var r Response
	for i, d := range delays {
		r = withTimeout(id, d, limit)
		r.Tries = i + 1
		if r.Err == nil {
			return r
		}
	}
	return r
}

func main() {
	res := []Response{
		withTimeout(1, time.Millisecond, 50*time.Millisecond),
		withTimeout(2, 100*time.Millisecond, 5*time.Millisecond),
		retry(3, []time.Duration{100 * time.Millisecond, 100 * time.Millisecond, time.Millisecond}, 10*time.Millisecond),
		retry(4, []time.Duration{time.Second, time.Second}, 2*time.Millisecond),
	}
	for _, r := range res {
		if r.Err != nil {
			fmt.Printf("%d failed after %d tries: %v (timeout=%t)\n", r.ID, r.Tries, r.Err, errors.Is(r.Err, ErrTimeout))
			continue
		}
		fmt.Printf("%d ok after %d tries: %s\n", r.ID, r.Tries, r.Body)
	}

	limiter := time.NewTicker(2 * time.Millisecond)
	defer limiter.Stop()
	start := time.Now()
	for i := range 4 {
		<-limiter.C
		_ = i
	}
	fmt.Println("4 requests took >= 8ms:", time.Since(start) >= 8*time.Millisecond)

	burst := make(chan time.Time, 3)
	for range 3 {
		burst <- time.Now()
	}
	served := 0
	for range 3 {
		select {
		case <-burst:
			served++
		default:
		}
	}
	fmt.Println("burst served:", served)
	d := 1234567 * time.Microsecond
	fmt.Println(d, d.Round(time.Millisecond), d.Truncate(time.Second), d.Seconds() > 1.2)
}
