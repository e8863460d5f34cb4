// A generic pipeline: generator, map and filter stages, merged and cancelled by context.
package main

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

func Generate[T any](ctx context.Context, xs ...T) <-chan T {
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

func Stage[In, Out any](ctx context.Context, in <-chan In, f func(In) Out) <-chan Out {
	out := make(chan Out)
	go func() {
		defer close(out)
		for v := range in {
			select {
			case out <- f(v):
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func Merge[T any](ctx context.Context, cs ...<-chan T) <-chan T {
	var wg sync.WaitGroup
	out := make(chan T)
	output := func(c <-chan T) {
		defer wg.Done()
		for v := range c {
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}
	wg.Add(len(cs))
	for _, c := range cs {
		go output(c)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func Collect[T any](c <-chan T) []T {
	var out []T
	for v := range c {
		out = append(out, v)
	}
	return out
}

type item struct {
	name  string
	price float64
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nums := Generate(ctx, 1, 2, 3, 4, 5, 6)
	sq := Stage(ctx, nums, func(n int) int { return n * n })
	strs := Stage(ctx, sq, func(n int) string { return fmt.Sprint("#", n) })
	fmt.Println(Collect(strs))

	a := Generate(ctx, "a1", "a2", "a3")
	b := Generate(ctx, "b1", "b2")
	merged := Collect(Merge(ctx, a, b))
	sort.Strings(merged)
	fmt.Println(merged)

	items := Generate(ctx, item{"pen", 1.5}, item{"book", 12}, item{"bag", 30})
	taxed := Stage(ctx, items, func(i item) item { i.price *= 1.1; return i })
	for it := range taxed {
		fmt.Printf("%s %.2f\n", it.name, it.price)
	}

	ctx2, cancel2 := context.WithCancel(context.Background())
	endless := make([]int, 1000)
	src := Generate(ctx2, endless...)
	got := 0
	for range src {
		got++
		if got == 5 {
			cancel2()
			break
		}
	}
	fmt.Println("took", got, "then cancelled:", ctx2.Err())
}
