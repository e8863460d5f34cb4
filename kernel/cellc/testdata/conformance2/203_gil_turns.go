// Python's GIL lets one thread run bytecode at a time. Here a "GIL" token is
// passed between threads round-robin, so they interleave but never overlap,
// and the order of turns is fixed.
package main

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
)

type GIL struct {
	turns   []chan struct{}
	running atomic.Int32
	maxSeen atomic.Int32
}

func NewGIL(n int) *GIL {
	g := &GIL{turns: make([]chan struct{}, n)}
	for i := range g.turns {
		g.turns[i] = make(chan struct{}, 1)
	}
	return g
}

func (g *GIL) acquire(id int) {
	<-g.turns[id]
	n := g.running.Add(1)
	for {
		m := g.maxSeen.Load()
		if n <= m || g.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
}

func (g *GIL) release(id int) {
	g.running.Add(-1)
	g.turns[(id+1)%len(g.turns)] <- struct{}{}
}

func main() {
	const threads, slices = 3, 4
	gil := NewGIL(threads)
	var mu sync.Mutex
	var timeline []string
	var wg sync.WaitGroup
	work := make([]int, threads)
	for id := range threads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range slices {
				gil.acquire(id)
				for k := 0; k < 1000; k++ {
					work[id] += k % (id + 2)
				}
				mu.Lock()
				timeline = append(timeline, fmt.Sprintf("T%d.%d", id, s))
				mu.Unlock()
				gil.release(id)
			}
		}()
	}
	gil.turns[0] <- struct{}{}
	wg.Wait()
	<-gil.turns[0] // the token came back
	for i := 0; i < len(timeline); i += threads {
		fmt.Println(strings.Join(timeline[i:i+threads], " "))
	}
	fmt.Println("max threads running bytecode at once:", gil.maxSeen.Load())
	fmt.Println("work:", work)
}
