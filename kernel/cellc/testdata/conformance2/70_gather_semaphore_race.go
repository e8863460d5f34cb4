// asyncio.gather-like result collection, semaphores, timeouts per task,
// ordered results, first-wins racing.
package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

type Result[T any] struct {
	Index int
	Value T
	Err   error
}

func Gather[T any](ctx context.Context, fns ...func(context.Context) (T, error)) ([]T, error) {
	results := make([]T, len(fns))
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = fn(ctx)
		}()
	}
	wg.Wait()
	return results, errors.Join(errs...)
}

func WithTimeout[T any](d time.Duration, fn func(context.Context) (T, error)) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		ctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		type out struct {
			v   T
			err error
		}
		ch := make(chan out, 1)
		go func() {
			v, err := fn(ctx)
			ch <- out{v, err}
		}()
		select {
		case o := <-ch:
			return o.v, o.err
		case <-ctx.Done():
			var zero T
			return zero, fmt.Errorf("timed out after %v: %w", d, ctx.Err())
		}
	}
}

func sleepy(name string, d time.Duration) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		select {
		case <-time.After(d):
			return strings.ToUpper(name), nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

type Semaphore chan struct{}

func (s Semaphore) Acquire() { s <- struct{}{} }
func (s Semaphore) Release() { <-s }

func race[T any](fns ...func() T) T {
	ch := make(chan T, len(fns))
	for _, f := range fns {
		go func() { ch <- f() }()
	}
	return <-ch
}

func main() {
	ctx := context.Background()
	vals, err := Gather(ctx,
		sleepy("a", 5*time.Millisecond),
		WithTimeout(10*time.Millisecond, sleepy("slow", time.Second)),
		sleepy("c", 1*time.Millisecond),
	)
	fmt.Printf("%q\n", vals)
	fmt.Println(err, errors.Is(err, context.DeadlineExceeded))

	sem := make(Semaphore, 2)
	var mu sync.Mutex
	active, maxActive := 0, 0
	var wg sync.WaitGroup
	order := make([]string, 6)
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem.Acquire()
			defer sem.Release()
			mu.Lock()
			active++
			maxActive = max(maxActive, active)
			mu.Unlock()
			time.Sleep(2 * time.Millisecond)
			order[i] = fmt.Sprintf("t%d", i)
			mu.Lock()
			active--
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(order, maxActive <= 2, maxActive > 0)

	winner := race(
		func() string { time.Sleep(30 * time.Millisecond); return "slow" },
		func() string { return "fast" },
	)
	fmt.Println("winner:", winner)

	results := make(chan Result[int])
	go func() {
		defer close(results)
		for i := range 5 {
			var err error
			if i == 3 {
				err = fmt.Errorf("item %d failed", i)
			}
			results <- Result[int]{i, i * i, err}
		}
	}()
	ordered := map[int]Result[int]{}
	for r := range results {
		ordered[r.Index] = r
	}
	for i := range len(ordered) {
		r := ordered[i]
		if r.Err != nil {
			fmt.Printf("%d: error %v\n", i, r.Err)
			continue
		}
		fmt.Printf("%d: %3d\n", i, r.Value)
	}
	fmt.Printf("%+v\n", ordered[2])
}
