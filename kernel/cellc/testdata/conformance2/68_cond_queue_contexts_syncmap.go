// Bounded queue with sync.Cond, contexts, sync.Map, defer order, labels.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

type Queue[T any] struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []T
	cap      int
	closed   bool
}

func NewQueue[T any](n int) *Queue[T] {
	q := &Queue[T]{cap: n}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

func (q *Queue[T]) Put(v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == q.cap {
		q.notFull.Wait()
	}
	q.items = append(q.items, v)
	q.notEmpty.Signal()
}

func (q *Queue[T]) Get() (T, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	var zero T
	if len(q.items) == 0 {
		return zero, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	return v, true
}

func (q *Queue[T]) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.notEmpty.Broadcast()
}

type ctxKey string

var ErrShutdown = errors.New("shutdown")

func handler(ctx context.Context) string {
	user, _ := ctx.Value(ctxKey("user")).(string)
	reqID, ok := ctx.Value(ctxKey("req")).(int)
	return fmt.Sprintf("user=%s req=%d ok=%v", user, reqID, ok)
}

func deferOrder() (out []string) {
	for i := range 3 {
		defer func() { out = append(out, fmt.Sprint("defer ", i)) }()
	}
	defer func() {
		if r := recover(); r != nil {
			out = append(out, fmt.Sprint("recovered: ", r))
		}
	}()
	panic("boom")
}

func main() {
	q := NewQueue[int](2)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var got []int
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				v, ok := q.Get()
				if !ok {
					return
				}
				mu.Lock()
				got = append(got, v*10+w*0)
				mu.Unlock()
			}
		}()
	}
	for i := 1; i <= 7; i++ {
		q.Put(i)
	}
	q.Close()
	wg.Wait()
	sort.Ints(got)
	fmt.Println("queue:", got)

	ctx := context.WithValue(context.Background(), ctxKey("user"), "ann")
	ctx = context.WithValue(ctx, ctxKey("req"), 42)
	fmt.Println(handler(ctx))
	fmt.Println(handler(context.Background()))

	cctx, cancel := context.WithCancelCause(context.Background())
	stopped := make(chan struct{})
	stop := context.AfterFunc(cctx, func() { close(stopped) })
	cancel(fmt.Errorf("server: %w", ErrShutdown))
	<-stopped
	fmt.Println(cctx.Err(), context.Cause(cctx), errors.Is(context.Cause(cctx), ErrShutdown), stop())

	tctx, tcancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer tcancel()
	select {
	case <-tctx.Done():
		fmt.Println("timeout:", tctx.Err(), errors.Is(tctx.Err(), context.DeadlineExceeded))
	case <-time.After(2 * time.Second):
		fmt.Println("too slow")
	}

	var sm sync.Map
	for _, w := range strings.Fields("go is fun go is fast go") {
		v, _ := sm.LoadOrStore(w, new(int))
		*v.(*int)++
	}
	var words []string
	sm.Range(func(k, v any) bool {
		words = append(words, fmt.Sprintf("%s:%d", k, *v.(*int)))
		return true
	})
	sort.Strings(words)
	fmt.Println(words)
	v, loaded := sm.LoadAndDelete("fun")
	fmt.Println(*v.(*int), loaded)
	_, ok := sm.Load("fun")
	fmt.Println(ok)

	fmt.Println(deferOrder())

	grid := [][]int{{1, 2, 3}, {4, -5, 6}, {7, 8, 9}}
outer:
	for i, row := range grid {
		for j, x := range row {
			switch {
			case x < 0:
				fmt.Println("negative at", i, j)
				break outer
			case x%2 == 0:
				continue outer
			}
			fmt.Println("odd", x)
		}
	}
	ticker := time.NewTicker(5 * time.Millisecond)
	defer ticker.Stop()
	n := 0
	for range ticker.C {
		n++
		if n == 3 {
			break
		}
	}
	fmt.Println("ticks:", n)
}
