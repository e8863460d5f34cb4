// asyncio.wait_for: racing work against a deadline with select,
// time.After and context.WithTimeout.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func slowSquare(ctx context.Context, n int, delay time.Duration) (int, error) {
	select {
	case <-time.After(delay):
		return n * n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func withTimeout(n int, delay, limit time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	v, err := slowSquare(ctx, n, delay)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Printf("square(%d): timed out after %v\n", n, limit)
	case err != nil:
		fmt.Printf("square(%d): %v\n", n, err)
	default:
		fmt.Printf("square(%d) = %d\n", n, v)
	}
}

func main() {
	withTimeout(3, 5*time.Millisecond, 200*time.Millisecond)
	withTimeout(4, 300*time.Millisecond, 20*time.Millisecond)

	done := make(chan string, 1)
	go func() {
		time.Sleep(10 * time.Millisecond)
		done <- "fast job"
	}()
	select {
	case msg := <-done:
		fmt.Println("finished:", msg)
	case <-time.After(time.Second):
		fmt.Println("gave up")
	}

	result := make(chan int)
	go func() {
		time.Sleep(200 * time.Millisecond)
		select {
		case result <- 42:
		default:
		}
	}()
	select {
	case v := <-result:
		fmt.Println("got", v)
	case <-time.After(30 * time.Millisecond):
		fmt.Println("timeout waiting for result")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	fmt.Println("ctx error:", ctx.Err())
	dl, ok := ctx.Deadline()
	fmt.Println("had deadline:", ok, !dl.IsZero())
}
