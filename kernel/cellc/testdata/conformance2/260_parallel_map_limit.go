// A generic bounded parallel map: at most `limit` calls run at once,
// results keep their input order, and every failure is reported together.
package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

func ParallelMap[T, U any](in []T, limit int, f func(T) (U, error)) ([]U, error) {
	out := make([]U, len(in))
	errs := make([]error, len(in))
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for i, v := range in {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r, err := f(v)
			if err != nil {
				errs[i] = fmt.Errorf("item %d (%v): %w", i, v, err)
				return
			}
			out[i] = r
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

func main() {
	var running, peak atomic.Int32
	track := func() func() {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		return func() { running.Add(-1) }
	}

	inputs := strings.Fields("12 7 x 40 -3 1e2 9")
	nums, err := ParallelMap(inputs, 3, func(s string) (int, error) {
		defer track()()
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, err
		}
		if n < 0 {
			return 0, errors.New("negative")
		}
		return n * n, nil
	})
	fmt.Println("results:", nums)
	fmt.Println("errors:")
	fmt.Println(err)
	fmt.Println("peak concurrency <= 3:", peak.Load() <= 3)
	fmt.Println("has a syntax error:", errors.Is(err, strconv.ErrSyntax))

	words, err := ParallelMap([]int{3, 1, 2}, 1, func(n int) (string, error) {
		return strings.Repeat("ab", n), nil
	})
	fmt.Println(words, err)
	empty, err := ParallelMap([]string{}, 2, func(s string) (bool, error) { return true, nil })
	fmt.Println(len(empty), err)
}
