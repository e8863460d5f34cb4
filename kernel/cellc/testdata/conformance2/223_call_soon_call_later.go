// An event loop with call_soon and call_later on a virtual clock: callbacks
// run in time order, ties in scheduling order, and callbacks can schedule
// more callbacks. No real waiting happens.
package main

import (
	"container/heap"
	"fmt"
	"time"
)

type Handle struct {
	when      time.Duration
	seq       int
	name      string
	fn        func(*Loop)
	cancelled bool
}

func (h *Handle) Cancel() { h.cancelled = true }

type timers []*Handle

func (t timers) Len() int { return len(t) }
func (t timers) Less(i, j int) bool {
	if t[i].when == t[j].when {
		return t[i].seq < t[j].seq
	}
	return t[i].when < t[j].when
}
func (t timers) Swap(i, j int) { t[i], t[j] = t[j], t[i] }
func (t *timers) Push(x any)   { *t = append(*t, x.(*Handle)) }
func (t *timers) Pop() any {
	old := *t
	h := old[len(old)-1]
	*t = old[:len(old)-1]
	return h
}

type Loop struct {
	now     time.Duration
	seq     int
	pending timers
	ran     []string
}

func (l *Loop) CallLater(d time.Duration, name string, fn func(*Loop)) *Handle {
	l.seq++
	h := &Handle{when: l.now + d, seq: l.seq, name: name, fn: fn}
	heap.Push(&l.pending, h)
	return h
}

func (l *Loop) CallSoon(name string, fn func(*Loop)) *Handle { return l.CallLater(0, name, fn) }

func (l *Loop) Run() {
	for l.pending.Len() > 0 {
		h := heap.Pop(&l.pending).(*Handle)
		if h.cancelled {
			fmt.Printf("%6v  skip %s (cancelled)\n", h.when, h.name)
			continue
		}
		l.now = h.when
		fmt.Printf("%6v  run  %s\n", l.now, h.name)
		l.ran = append(l.ran, h.name)
		if h.fn != nil {
			h.fn(l)
		}
	}
}

func main() {
	loop := &Loop{}
	loop.CallLater(30*time.Millisecond, "report", nil)
	loop.CallSoon("greet", func(l *Loop) {
		l.CallSoon("greet-followup", nil)
		l.CallLater(5*time.Millisecond, "after-greet", nil)
	})
	timeout := loop.CallLater(20*time.Millisecond, "timeout", nil)
	loop.CallLater(10*time.Millisecond, "response", func(l *Loop) {
		timeout.Cancel()
		l.CallLater(10*time.Millisecond, "parse", nil)
	})
	loop.CallSoon("log", nil)
	var tick func(int) func(*Loop)
	tick = func(n int) func(*Loop) {
		return func(l *Loop) {
			if n < 3 {
				l.CallLater(7*time.Millisecond, fmt.Sprintf("tick-%d", n+1), tick(n+1))
			}
		}
	}
	loop.CallLater(7*time.Millisecond, "tick-1", tick(1))
	loop.Run()
	fmt.Println("virtual time:", loop.now, "callbacks run:", len(loop.ran))
}
