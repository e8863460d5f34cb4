// Sync vs async measured in "ticks" instead of wall time: three I/O waits
// run back to back take the sum of their durations; run concurrently they
// take the longest one. A fake clock advances only when everyone waits.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Clock is a virtual clock: Sleep blocks until the clock reaches the wake
// time; Advance moves to the earliest wake time once every sleeper waits.
type Clock struct {
	mu       sync.Mutex
	now      int
	sleepers map[int][]chan struct{}
	waiting  int
	expected int
	idle     chan struct{}
}

func NewClock(expected int) *Clock {
	return &Clock{sleepers: map[int][]chan struct{}{}, expected: expected, idle: make(chan struct{}, 1)}
}

func (c *Clock) Sleep(d int) int {
	c.mu.Lock()
	wake := c.now + d
	ch := make(chan struct{})
	c.sleepers[wake] = append(c.sleepers[wake], ch)
	c.waiting++
	c.checkIdle()
	c.mu.Unlock()
	<-ch
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *Clock) Done() {
	c.mu.Lock()
	c.expected--
	c.checkIdle()
	c.mu.Unlock()
}

// checkIdle wakes Run when every live goroutine sleeps or none is left;
// the caller holds c.mu.
func (c *Clock) checkIdle() {
	if c.waiting == c.expected {
		select {
		case c.idle <- struct{}{}:
		default: // Run has a wake-up pending already
		}
	}
}

func (c *Clock) Run() int {
	for {
		c.mu.Lock()
		if c.expected == 0 {
			c.mu.Unlock()
			return c.now
		}
		c.mu.Unlock()
		<-c.idle
		c.mu.Lock()
		if c.expected == 0 {
			c.mu.Unlock()
			return c.now
		}
		times := make([]int, 0, len(c.sleepers))
		for t := range c.sleepers {
			times = append(times, t)
		}
		sort.Ints(times)
		t := times[0]
		c.now = t
		for _, ch := range c.sleepers[t] {
			close(ch)
			c.waiting--
		}
		delete(c.sleepers, t)
		c.mu.Unlock()
	}
}

type io struct {
	name string
	cost int
}

func main() {
	ops := []io{{"read config", 3}, {"query db", 5}, {"call api", 4}}

	seq := NewClock(1)
	var seqLog []string
	go func() {
		for _, op := range ops {
			t := seq.Sleep(op.cost)
			seqLog = append(seqLog, fmt.Sprintf("%s@%d", op.name, t))
		}
		seq.Done()
	}()
	fmt.Println("sequential finished at tick", seq.Run())
	fmt.Println("  ", strings.Join(seqLog, ", "))

	conc := NewClock(len(ops))
	var mu sync.Mutex
	var concLog []string
	for _, op := range ops {
		go func() {
			t := conc.Sleep(op.cost)
			mu.Lock()
			concLog = append(concLog, fmt.Sprintf("%s@%d", op.name, t))
			mu.Unlock()
			conc.Done()
		}()
	}
	end := conc.Run()
	sort.Slice(concLog, func(i, j int) bool {
		return concLog[i][strings.Index(concLog[i], "@"):] < concLog[j][strings.Index(concLog[j], "@"):]
	})
	fmt.Println("concurrent finished at tick", end)
	fmt.Println("  ", strings.Join(concLog, ", "))
	sum := 0
	for _, op := range ops {
		sum += op.cost
	}
	fmt.Printf("speed-up: %d/%d = %.2fx\n", sum, end, float64(sum)/float64(end))
}
