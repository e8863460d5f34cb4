// A reusable barrier: workers compute one phase of a simulation, wait for
// every other worker, and only then start the next phase, so each phase
// reads a consistent snapshot.
package main

import (
	"fmt"
	"strings"
	"sync"
)

type Barrier struct {
	mu      sync.Mutex
	cond    *sync.Cond
	n       int
	waiting int
	phase   int
}

func NewBarrier(n int) *Barrier {
	b := &Barrier{n: n}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Wait blocks until n goroutines have called it; the last one runs last
// (with every other goroutine still parked) before anyone continues.
func (b *Barrier) Wait(last func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	phase := b.phase
	b.waiting++
	if b.waiting == b.n {
		if last != nil {
			last()
		}
		b.waiting = 0
		b.phase++
		b.cond.Broadcast()
		return
	}
	for phase == b.phase {
		b.cond.Wait()
	}
}

func render(cells []int) string {
	var sb strings.Builder
	for _, c := range cells {
		if c == 1 {
			sb.WriteByte('#')
		} else {
			sb.WriteByte('.')
		}
	}
	return sb.String()
}

func main() {
	// Rule 90 cellular automaton, one goroutine per segment.
	const width, workers, steps = 31, 4, 8
	cur := make([]int, width)
	next := make([]int, width)
	cur[width/2] = 1
	var lines []string
	lines = append(lines, render(cur))
	b := NewBarrier(workers)
	var wg sync.WaitGroup
	seg := (width + workers - 1) / workers
	for w := range workers {
		lo, hi := w*seg, min((w+1)*seg, width)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range steps {
				for i := lo; i < hi; i++ {
					l, r := 0, 0
					if i > 0 {
						l = cur[i-1]
					}
					if i < width-1 {
						r = cur[i+1]
					}
					next[i] = l ^ r
				}
				b.Wait(func() {
					cur, next = next, cur
					lines = append(lines, render(cur))
				})
			}
		}()
	}
	wg.Wait()
	for _, l := range lines {
		fmt.Println(l)
	}
	fmt.Println("phases:", b.phase)
}
