// A pipeline of generic stages joined by channels, in the spirit of chained
// async generators: each stage is a function from an input channel to an
// output channel, errors go to a side channel, and a context stops it all.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

type Stage[In, Out any] func(context.Context, <-chan In) <-chan Out

func MapStage[In, Out any](f func(In) (Out, error), errs chan<- error) Stage[In, Out] {
	return func(ctx context.Context, in <-chan In) <-chan Out {
		out := make(chan Out)
		go func() {
			defer close(out)
			for v := range in {
				r, err := f(v)
				if err != nil {
					select {
					case errs <- err:
					case <-ctx.Done():
					}
					continue
				}
				select {
				case out <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
		return out
	}
}

func Source[T any](ctx context.Context, xs ...T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for _, x := range xs {
			select {
			case out <- x:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func Merge[T any](cs ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	for _, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range c {
				out <- v
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

var ErrNotNumber = errors.New("not a number")

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make(chan error, 10)
	parse := MapStage(func(s string) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return 0, fmt.Errorf("%q: %w", s, ErrNotNumber)
		}
		return n, nil
	}, errs)
	square := MapStage(func(n int) (int, error) { return n * n, nil }, errs)
	label := MapStage(func(n int) (string, error) { return fmt.Sprintf("<%d>", n), nil }, errs)

	var got []string
	for s := range label(ctx, square(ctx, parse(ctx, Source(ctx, " 1", "2", "x", "4 ", "five", "6")))) {
		got = append(got, s)
	}
	close(errs)
	fmt.Println("results:", got)
	for e := range errs {
		fmt.Println("error:", e, errors.Is(e, ErrNotNumber))
	}

	var all []int
	for v := range Merge(Source(ctx, 1, 2), Source(ctx, 30), Source[int](ctx)) {
		all = append(all, v)
	}
	sort.Ints(all)
	fmt.Println("merged:", all)

	// An endless source stopped by a deadline.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel2()
	naturals := make(chan int)
	go func() {
		defer close(naturals)
		for i := 0; ; i++ {
			select {
			case naturals <- i:
			case <-ctx2.Done():
				return
			}
		}
	}()
	count := 0
	for range naturals {
		count++
	}
	fmt.Println("stopped by deadline:", count > 0, ctx2.Err())
}
