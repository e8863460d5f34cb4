// sync.Once for lazy init, sync.Cond for a bounded queue, sync.Map.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
	limit int
}

func NewQueue(limit int) *Queue {
	q := &Queue{limit: limit}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Put(v int) {
	q.mu.Lock()
	for len(q.items) == q.limit {
		q.cond.Wait()
	}
	q.items = append(q.items, v)
	q.cond.Broadcast()
	q.mu.Unlock()
}

func (q *Queue) Get() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.cond.Broadcast()
	return v
}

type registry struct {
	once  sync.Once
	names map[string]int
}

func (r *registry) lookup(n string) int {
	r.once.Do(func() {
		fmt.Println("initialising registry")
		r.names = map[string]int{"alpha": 1, "beta": 2}
	})
	return r.names[n]
}

func main() {
	q := NewQueue(2)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; i <= 6; i++ {
			q.Put(i)
		}
	}()
	sum := 0
	for range 6 {
		sum += q.Get()
	}
	wg.Wait()
	fmt.Println("sum:", sum)

	var r registry
	fmt.Println(r.lookup("alpha"), r.lookup("beta"), r.lookup("gamma"))

	var m sync.Map
	var wg2 sync.WaitGroup
	for i := range 5 {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			m.Store(fmt.Sprint("k", i), i*i)
		}()
	}
	wg2.Wait()
	v, ok := m.Load("k3")
	fmt.Println(v, ok)
	actual, loaded := m.LoadOrStore("k3", 100)
	fmt.Println(actual, loaded)
	m.Delete("k0")
	var keys []string
	m.Range(func(k, v any) bool {
		keys = append(keys, fmt.Sprintf("%v=%v", k, v))
		return true
	})
	sort.Strings(keys)
	fmt.Println(keys)
	val, loaded := m.LoadAndDelete("k4")
	fmt.Println(val, loaded)

	var rw sync.RWMutex
	shared := map[string]int{}
	var wg3 sync.WaitGroup
	for i := range 4 {
		wg3.Add(1)
		go func() {
			defer wg3.Done()
			rw.Lock()
			shared[fmt.Sprint(i%2)]++
			rw.Unlock()
			rw.RLock()
			_ = shared["0"]
			rw.RUnlock()
		}()
	}
	wg3.Wait()
	fmt.Println(shared)
}
