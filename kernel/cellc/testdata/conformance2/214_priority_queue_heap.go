// asyncio.PriorityQueue: the lowest priority number is served first, ties
// in arrival order. Built on container/heap and drained by one worker.
package main

import (
	"container/heap"
	"fmt"
)

type Item struct {
	Priority int
	Seq      int
	Name     string
}

type pq []*Item

func (p pq) Len() int { return len(p) }
func (p pq) Less(i, j int) bool {
	if p[i].Priority != p[j].Priority {
		return p[i].Priority < p[j].Priority
	}
	return p[i].Seq < p[j].Seq
}
func (p pq) Swap(i, j int) { p[i], p[j] = p[j], p[i] }
func (p *pq) Push(x any)   { *p = append(*p, x.(*Item)) }
func (p *pq) Pop() any {
	old := *p
	n := len(old)
	it := old[n-1]
	old[n-1] = nil
	*p = old[:n-1]
	return it
}

type PriorityQueue struct {
	h   pq
	seq int
}

func (q *PriorityQueue) Put(priority int, name string) {
	q.seq++
	heap.Push(&q.h, &Item{priority, q.seq, name})
}

func (q *PriorityQueue) Get() (*Item, bool) {
	if q.h.Len() == 0 {
		return nil, false
	}
	return heap.Pop(&q.h).(*Item), true
}

func main() {
	var q PriorityQueue
	q.Put(3, "send newsletter")
	q.Put(1, "charge card")
	q.Put(2, "resize avatar")
	q.Put(1, "ship order")
	q.Put(5, "clean cache")
	q.Put(2, "email receipt")

	// Raise a priority in place with heap.Fix.
	for i, it := range q.h {
		if it.Name == "clean cache" {
			it.Priority = 0
			heap.Fix(&q.h, i)
			break
		}
	}

	work := make(chan *Item)
	done := make(chan []string)
	go func() {
		var log []string
		for it := range work {
			log = append(log, fmt.Sprintf("p%d #%d %s", it.Priority, it.Seq, it.Name))
		}
		done <- log
	}()
	for {
		it, ok := q.Get()
		if !ok {
			break
		}
		work <- it
	}
	close(work)
	for i, l := range <-done {
		fmt.Printf("%d. %s\n", i+1, l)
	}
	_, ok := q.Get()
	fmt.Println("empty get ok:", ok)
	fmt.Printf("%v %+v\n", Item{1, 2, "x"}, &Item{3, 4, "y"})
}
