// asyncio.wait_for and shield: a timeout abandons the waiting, but a
// shielded operation keeps running to completion in the background.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

var ErrTimeout = errors.New("TimeoutError")

// waitFor waits for f's result at most d; f sees the cancellation.
func waitFor[T any](d time.Duration, f func(ctx context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	type res struct {
		v   T
		err error
	}
	c := make(chan res, 1)
	go func() {
		v, err := f(ctx)
		c <- res{v, err}
	}()
	select {
	case r := <-c:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, fmt.Errorf("after %v: %w", d, ErrTimeout)
	}
}

// shield runs f detached from the caller's cancellation.
func shield[T any](f func(ctx context.Context) (T, error)) func(ctx context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		return f(context.WithoutCancel(ctx))
	}
}

func main() {
	quick := func(ctx context.Context) (string, error) { return "quick result", nil }
	v, err := waitFor(time.Second, quick)
	fmt.Printf("quick: %q %v\n", v, err)

	cancelled := make(chan error, 1)
	slow := func(ctx context.Context) (int, error) {
		select {
		case <-time.After(time.Hour):
			return 1, nil
		case <-ctx.Done():
			cancelled <- ctx.Err()
			return 0, ctx.Err()
		}
	}
	n, err := waitFor(3*time.Millisecond, slow)
	fmt.Println("slow:", n, err, errors.Is(err, ErrTimeout))
	fmt.Println("slow saw:", <-cancelled)

	saved := make(chan string, 1)
	release := make(chan struct{})
	payment := func(ctx context.Context) (string, error) {
		<-release
		if ctx.Err() != nil {
			saved <- "payment aborted"
			return "", ctx.Err()
		}
		saved <- "payment committed"
		return "receipt-7", nil
	}
	r, err := waitFor(3*time.Millisecond, shield(payment))
	fmt.Printf("shielded: %q %v\n", r, err)
	close(release)
	fmt.Println("background:", <-saved)

	for _, d := range []time.Duration{time.Nanosecond, 999 * time.Microsecond, 1001 * time.Millisecond, 61 * time.Second} {
		fmt.Printf("[%8v] [%-8v] [%s]\n", d, d, d.Truncate(time.Millisecond))
	}
}
