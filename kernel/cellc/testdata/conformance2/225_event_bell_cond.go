// asyncio.Event: customers wait for the bell; set() wakes every waiter at
// once, clear() re-arms it. Built on sync.Cond, with a channel-based
// variant for select.
package main

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

type Event struct {
	mu   sync.Mutex
	cond *sync.Cond
	set  bool
	gen  int
}

func NewEvent() *Event {
	e := &Event{}
	e.cond = sync.NewCond(&e.mu)
	return e
}

func (e *Event) Set() {
	e.mu.Lock()
	e.set = true
	e.gen++
	e.mu.Unlock()
	e.cond.Broadcast()
}

func (e *Event) Clear() {
	e.mu.Lock()
	e.set = false
	e.mu.Unlock()
}

func (e *Event) IsSet() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.set
}

func (e *Event) Wait() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	for !e.set {
		e.cond.Wait()
	}
	return e.gen
}

// ChanEvent can be waited on in a select.
type ChanEvent struct {
	once sync.Once
	c    chan struct{}
}

func (e *ChanEvent) Done() <-chan struct{} { return e.c }
func (e *ChanEvent) Set()                  { e.once.Do(func() { close(e.c) }) }

func main() {
	bell := NewEvent()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var served []string
	ready := make(chan struct{}, 4)
	for _, c := range []string{"ana", "ben", "cleo", "dan"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ready <- struct{}{}
			g := bell.Wait()
			mu.Lock()
			served = append(served, fmt.Sprintf("%s(gen %d)", c, g))
			mu.Unlock()
		}()
	}
	for range 4 {
		<-ready
	}
	fmt.Println("before set:", bell.IsSet(), len(served))
	bell.Set()
	wg.Wait()
	sort.Strings(served)
	fmt.Println("after set:", served)
	bell.Clear()
	fmt.Println("cleared:", bell.IsSet())
	go func() { bell.Set() }()
	fmt.Println("second wait gen:", bell.Wait())

	ev := &ChanEvent{c: make(chan struct{})}
	select {
	case <-ev.Done():
		fmt.Println("impossible")
	case <-time.After(time.Millisecond):
		fmt.Println("not set yet: timed out")
	}
	ev.Set()
	ev.Set() // idempotent
	select {
	case <-ev.Done():
		fmt.Println("set: proceed")
	case <-time.After(time.Second):
		fmt.Println("impossible")
	}
}
