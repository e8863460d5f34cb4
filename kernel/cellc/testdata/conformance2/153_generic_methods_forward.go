package main

import (
	"fmt"
	"sort"
	"sync"
)

// SafeQueue is a bounded queue shared by goroutines. Its methods call
// methods declared further down, as Go allows.
type SafeQueue[T any] struct {
	mu    sync.Mutex
	items []T
	limit int
	drops int
}

func NewSafeQueue[T any](limit int) *SafeQueue[T] {
	return &SafeQueue[T]{limit: limit}
}

func (q *SafeQueue[T]) Push(v T) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.full() {
		q.drops++
		return false
	}
	q.items = append(q.items, v)
	return true
}

func (q *SafeQueue[T]) Drain() []T {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.items
	q.items = nil
	return out
}

func (q *SafeQueue[T]) Stats() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return fmt.Sprintf("len=%d drops=%d full=%v", q.lenLocked(), q.drops, q.full())
}

func (q *SafeQueue[T]) full() bool { return q.lenLocked() >= q.limit }

func (q *SafeQueue[T]) lenLocked() int { return len(q.items) }

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.describe()) }

func (p Pair[K, V]) describe() string { return fmt.Sprintf("<%v>", p.Val) }

func main() {
	q := NewSafeQueue[int](10)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				q.Push(w*100 + i)
			}
		}()
	}
	wg.Wait()
	fmt.Println(q.Stats())
	got := q.Drain()
	sort.Ints(got)
	fmt.Println(len(got), q.Stats())

	names := NewSafeQueue[string](3)
	for i, k := range []string{"a", "b", "c", "d"} {
		p := Pair[string, int]{k, i}
		fmt.Println(k, names.Push(p.String()))
	}
	fmt.Println(names.Drain(), names.Stats())
}
