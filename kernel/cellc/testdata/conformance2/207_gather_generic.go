// asyncio.gather: start several awaitables at once and get their results in
// the order they were passed, whatever order they finish in.
package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

type Awaitable[T any] func() (T, error)

func Gather[T any](tasks ...Awaitable[T]) ([]T, error) {
	results := make([]T, len(tasks))
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for i, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = t()
		}()
	}
	wg.Wait()
	return results, errors.Join(errs...)
}

func fetch(name string, delay time.Duration, fail bool) Awaitable[string] {
	return func() (string, error) {
		time.Sleep(delay)
		if fail {
			return "", fmt.Errorf("fetch %s: connection reset", name)
		}
		return strings.ToUpper(name), nil
	}
}

type pair struct {
	Key string
	Val int
}

func (p pair) String() string { return fmt.Sprintf("%v=>%v", p.Key, p.Val) }

func main() {
	res, err := Gather(
		fetch("alpha", 6*time.Millisecond, false),
		fetch("beta", 1*time.Millisecond, false),
		fetch("gamma", 3*time.Millisecond, false),
	)
	fmt.Println(res, err)

	res, err = Gather(
		fetch("one", 0, false),
		fetch("two", 0, true),
		fetch("three", 0, true),
	)
	fmt.Printf("%q\n", res)
	fmt.Printf("error:\n%v\n", err)
	fmt.Println("wrapped errors:", len(strings.Split(err.Error(), "\n")))

	type kv = pair
	lengths, _ := Gather(
		func() (kv, error) { return kv{"a", 1}, nil },
		func() (kv, error) { return kv{"bb", 2}, nil },
	)
	fmt.Println(lengths)
	fmt.Printf("%v %+v %s\n", lengths[0], lengths[1], lengths[1])

	nums := make([]Awaitable[int], 5)
	for i := range nums {
		nums[i] = func() (int, error) { return i * i * i, nil }
	}
	cubes, err := Gather(nums...)
	fmt.Println(cubes, err == nil)

	empty, err := Gather[float64]()
	fmt.Println(len(empty), empty == nil, err)
}
