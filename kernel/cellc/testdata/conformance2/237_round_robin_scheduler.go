// An event loop without threads: coroutines are step functions that return
// what they wait for; the scheduler resumes whichever is ready, round-robin.
package main

import (
	"fmt"
	"strings"
)

type Wait int

const (
	Ready Wait = iota
	Sleep
	Finished
)

type Coro struct {
	name  string
	step  func(tick int) (Wait, int)
	until int
	log   []string
}

type Scheduler struct {
	tick  int
	coros []*Coro
}

func (s *Scheduler) Spawn(name string, step func(c *Coro, tick int) (Wait, int)) {
	c := &Coro{name: name}
	c.step = func(t int) (Wait, int) { return step(c, t) }
	s.coros = append(s.coros, c)
}

func (s *Scheduler) Run(maxTicks int) []string {
	var timeline []string
outer:
	for s.tick = 0; s.tick < maxTicks; s.tick++ {
		var line []string
		alive := 0
		for _, c := range s.coros {
			if c.step == nil {
				continue
			}
			alive++
			if c.until > s.tick {
				line = append(line, strings.ToLower(c.name[:1]))
				continue
			}
			w, n := c.step(s.tick)
			switch w {
			case Sleep:
				c.until = s.tick + n
				line = append(line, strings.ToUpper(c.name[:1]))
			case Finished:
				c.step = nil
				line = append(line, "*")
			default:
				line = append(line, strings.ToUpper(c.name[:1]))
			}
		}
		if alive == 0 {
			break outer
		}
		timeline = append(timeline, fmt.Sprintf("t%02d %s", s.tick, strings.Join(line, "")))
	}
	return timeline
}

func counter(limit int, sleep int) func(c *Coro, tick int) (Wait, int) {
	i := 0
	return func(c *Coro, tick int) (Wait, int) {
		if i == limit {
			c.log = append(c.log, fmt.Sprintf("done@%d", tick))
			return Finished, 0
		}
		i++
		c.log = append(c.log, fmt.Sprint(i))
		if sleep > 0 {
			return Sleep, sleep
		}
		return Ready, 0
	}
}

func main() {
	var s Scheduler
	s.Spawn("fetch", counter(3, 2))
	s.Spawn("compute", counter(4, 0))
	s.Spawn("io", counter(2, 4))
	for _, l := range s.Run(20) {
		fmt.Println(l)
	}
	for _, c := range s.coros {
		fmt.Printf("%-8s %v\n", c.name, c.log)
	}
	fmt.Println("ticks:", s.tick)
}
