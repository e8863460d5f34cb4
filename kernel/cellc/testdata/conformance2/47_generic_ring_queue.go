// A generic ring buffer and a blocking generic queue built on sync.Cond.
package main

import (
	"errors"
	"fmt"
	"sync"
)

var ErrFull = errors.New("ring full")

type Ring[T any] struct {
	buf        []T
	head, size int
}

func NewRing[T any](n int) *Ring[T] { return &Ring[T]{buf: make([]T, n)} }

func (r *Ring[T]) Put(v T) error {
	if r.size == len(r.buf) {
		return fmt.Errorf("put %v: %w", v, ErrFull)
	}
	r.buf[(r.head+r.size)%len(r.buf)] = v
	r.size++
	return nil
}

func (r *Ring[T]) Get() (T, bool) {
	var zero T
	if r.size == 0 {
		return zero, false
	}
	v := r.buf[r.head]
	r.head = (r.head + 1) % len(r.buf)
	r.size--
	return v, true
}

func (r *Ring[T]) All() func(yield func(int, T) bool) {
	return func(yield func(int, T) bool) {
		for i := 0; i < r.size; i++ {
			if !yield(i, r.buf[(r.head+i)%len(r.buf)]) {
				return
			}
		}
	}
}

type Queue[T any] struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []T
	done  bool
}

func NewQueue[T any]() *Queue[T] {
	q := &Queue[T]{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue[T]) Push(v T) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *Queue[T]) Close() {
	q.mu.Lock()
	q.done = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *Queue[T]) Pop() (T, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.done {
		q.cond.Wait()
	}
	var zero T
	if len(q.items) == 0 {
		return zero, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

type point struct{ x, y int }

func main() {
	r := NewRing[string](3)
	for _, s := range []string{"a", "b", "c", "d"} {
		if err := r.Put(s); err != nil {
			fmt.Println(err, errors.Is(err, ErrFull))
		}
	}
	v, _ := r.Get()
	fmt.Println("got", v)
	r.Put("e")
	for i, s := range r.All() {
		fmt.Print(i, ":", s, " ")
	}
	fmt.Println()

	q := NewQueue[point]()
	var wg sync.WaitGroup
	sum := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			p, ok := q.Pop()
			if !ok {
				return
			}
			sum += p.x * p.y
		}
	}()
	for i := 1; i <= 4; i++ {
		q.Push(point{i, i + 1})
	}
	q.Close()
	wg.Wait()
	fmt.Println("sum:", sum)
	pr := NewRing[point](2)
	pr.Put(point{1, 2})
	fmt.Printf("%v %+v\n", pr.buf, pr.buf[0])
}
