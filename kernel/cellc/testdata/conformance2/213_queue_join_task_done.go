// asyncio.Queue with task_done() and join(): the producer waits until every
// item put on the queue has been processed, not merely taken.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

type Queue[T any] struct {
	mu         sync.Mutex
	notEmpty   *sync.Cond
	allDone    *sync.Cond
	items      []T
	unfinished int
}

func NewQueue[T any]() *Queue[T] {
	q := &Queue[T]{}
	q.notEmpty = sync.NewCond(&q.mu)
	q.allDone = sync.NewCond(&q.mu)
	return q
}

func (q *Queue[T]) Put(v T) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.unfinished++
	q.mu.Unlock()
	q.notEmpty.Signal()
}

func (q *Queue[T]) Get() T {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.notEmpty.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func (q *Queue[T]) TaskDone() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.unfinished <= 0 {
		panic("task_done() called too many times")
	}
	q.unfinished--
	if q.unfinished == 0 {
		q.allDone.Broadcast()
	}
}

func (q *Queue[T]) Join() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.unfinished > 0 {
		q.allDone.Wait()
	}
}

func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

type Ticket struct {
	ID   int
	Dish string
	Stop bool
}

func main() {
	q := NewQueue[Ticket]()
	var mu sync.Mutex
	cooked := map[string][]string{}
	var workers sync.WaitGroup
	for _, cook := range []string{"kim", "lee", "choi"} {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for {
				t := q.Get()
				if t.Stop {
					q.TaskDone()
					return
				}
				mu.Lock()
				cooked[cook] = append(cooked[cook], fmt.Sprintf("%d:%s", t.ID, t.Dish))
				mu.Unlock()
				q.TaskDone()
			}
		}()
	}
	dishes := strings.Fields("bibimbap ramyeon kimbap tteokbokki bulgogi japchae mandu")
	for i, d := range dishes {
		q.Put(Ticket{ID: i + 1, Dish: d})
	}
	q.Join()
	fmt.Println("join returned; queue length:", q.Len())
	var all []string
	total := 0
	for _, list := range cooked {
		all = append(all, list...)
		total += len(list)
	}
	sort.Slice(all, func(i, j int) bool {
		var a, b int
		fmt.Sscanf(all[i], "%d:", &a)
		fmt.Sscanf(all[j], "%d:", &b)
		return a < b
	})
	fmt.Println("cooked", total, "dishes:", all)
	for range 3 {
		q.Put(Ticket{Stop: true})
	}
	workers.Wait()
	q.Join()
	fmt.Println("workers stopped")

	defer func() { fmt.Println("recovered:", recover()) }()
	q.TaskDone()
}
