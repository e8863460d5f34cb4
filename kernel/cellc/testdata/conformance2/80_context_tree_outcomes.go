// Context trees, cancellation propagation, struct results with errors,
// atomics in structs, select send/receive loops.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

type Metrics struct {
	started  atomic.Int64
	finished atomic.Int64
	failed   atomic.Int32
}

type Outcome struct {
	Worker int
	Items  []int
	Err    error
}

var ErrBadItem = errors.New("bad item")

func worker(ctx context.Context, id int, jobs <-chan int, m *Metrics) Outcome {
	m.started.Add(1)
	defer m.finished.Add(1)
	out := Outcome{Worker: id}
	for {
		select {
		case <-ctx.Done():
			out.Err = context.Cause(ctx)
			return out
		case j, ok := <-jobs:
			if !ok {
				return out
			}
			if j < 0 {
				m.failed.Add(1)
				out.Err = fmt.Errorf("worker %d: item %d: %w", id, j, ErrBadItem)
				return out
			}
			out.Items = append(out.Items, j*j)
		}
	}
}

func main() {
	parent, cancelParent := context.WithCancel(context.Background())
	child1, cancel1 := context.WithCancel(parent)
	defer cancel1()
	child2, cancel2 := context.WithTimeout(parent, time.Hour)
	defer cancel2()
	grandchild := context.WithValue(child1, "k", "v")
	cancelParent()
	for i, c := range []context.Context{parent, child1, child2, grandchild} {
		<-c.Done()
		fmt.Println(i, c.Err(), errors.Is(c.Err(), context.Canceled))
	}
	fmt.Println(grandchild.Value("k"), parent.Value("k"))

	var m Metrics
	jobs := make(chan int)
	results := make(chan Outcome)
	ctx, cancel := context.WithCancelCause(context.Background())
	var wg sync.WaitGroup
	for id := 1; id <= 3; id++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- worker(ctx, id, jobs, &m)
		}()
	}
	go func() {
		for _, j := range []int{1, 2, 3, 4, 5, 6} {
			jobs <- j
		}
		close(jobs)
	}()
	go func() { wg.Wait(); close(results) }()
	var all []int
	var errs []error
	for r := range results {
		all = append(all, r.Items...)
		if r.Err != nil {
			errs = append(errs, r.Err)
		}
	}
	sort.Ints(all)
	fmt.Println(all, errs, m.started.Load(), m.finished.Load(), m.failed.Load())
	cancel(errors.New("done"))

	jobs2 := make(chan int, 10)
	for _, j := range []int{1, -2, 3} {
		jobs2 <- j
	}
	close(jobs2)
	o := worker(context.Background(), 9, jobs2, &m)
	fmt.Println(o.Items, o.Err, errors.Is(o.Err, ErrBadItem), m.failed.Load())

	ctx3, cancel3 := context.WithCancelCause(context.Background())
	cancel3(fmt.Errorf("shutdown requested"))
	o3 := worker(ctx3, 7, make(chan int), &m)
	fmt.Println(o3.Err, ctx3.Err())

	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	v := 0
	for range 5 {
		ping <- v
		v = <-pong
	}
	close(ping)
	_, ok := <-pong
	fmt.Println("ping-pong:", v, ok)

	in, out := make(chan int), make(chan int, 1)
	go func() {
		defer close(in)
		for i := range 3 {
			in <- i
		}
	}()
	var got []int
	pending := []int{}
	for in != nil || len(pending) > 0 {
		var send chan int
		var next int
		if len(pending) > 0 {
			send, next = out, pending[0]
		}
		select {
		case x, ok := <-in:
			if !ok {
				in = nil
				continue
			}
			pending = append(pending, x*10)
		case send <- next:
			pending = pending[1:]
			got = append(got, <-out)
		}
	}
	fmt.Println("relayed:", got)
}
