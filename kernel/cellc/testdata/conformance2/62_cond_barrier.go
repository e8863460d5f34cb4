// asyncio.Event / Condition: workers wait on a sync.Cond until the
// coordinator says go; a reusable countdown latch.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type Latch struct {
	mu    sync.Mutex
	cond  *sync.Cond
	count int
}

func NewLatch(n int) *Latch {
	l := &Latch{count: n}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *Latch) CountDown() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.count > 0 {
		l.count--
		if l.count == 0 {
			l.cond.Broadcast()
		}
	}
}

func (l *Latch) Wait() {
	l.mu.Lock()
	for l.count > 0 {
		l.cond.Wait()
	}
	l.mu.Unlock()
}

func main() {
	ready := NewLatch(3)
	start := NewLatch(1)
	var mu sync.Mutex
	var log []string
	var wg sync.WaitGroup
	for id := 1; id <= 3; id++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ready.CountDown()
			start.Wait()
			mu.Lock()
			log = append(log, fmt.Sprintf("worker %d running", id))
			mu.Unlock()
		}()
	}
	ready.Wait()
	fmt.Println("all workers ready; count =", ready.count)
	start.CountDown()
	wg.Wait()
	sort.Strings(log)
	for _, line := range log {
		fmt.Println(line)
	}
	start.CountDown()
	fmt.Println("latch stays at", start.count)
}
