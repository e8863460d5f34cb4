// Why a blocking call inside an async handler hurts: on a single-threaded
// event loop, a task that sleeps without yielding holds everyone up; the
// same wait written as an await lets the others run. Simulated on a
// virtual clock with cooperative tasks.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type step struct {
	kind string // "cpu", "await" or "block"
	ms   int
}

type task struct {
	name  string
	steps []step
	pc    int
	ready int // virtual time at which the task may run again
	done  int
}

func run(tasks []*task) (end int, log []string) {
	now := 0
	for {
		var runnable []*task
		for _, t := range tasks {
			if t.pc < len(t.steps) {
				runnable = append(runnable, t)
			}
		}
		if len(runnable) == 0 {
			return now, log
		}
		sort.SliceStable(runnable, func(i, j int) bool { return runnable[i].ready < runnable[j].ready })
		t := runnable[0]
		if t.ready > now {
			now = t.ready // the loop idles until the earliest wake-up
		}
		s := t.steps[t.pc]
		t.pc++
		switch s.kind {
		case "cpu", "block": // the loop is busy: nobody else runs
			now += s.ms
			t.ready = now
		case "await": // the loop is free while this task waits
			t.ready = now + s.ms
		}
		log = append(log, fmt.Sprintf("%4dms %-8s %s %d", now, t.name, s.kind, s.ms))
		if t.pc == len(t.steps) {
			t.done = max(now, t.ready)
		}
	}
}

func scenario(blocking bool) {
	wait := "await"
	if blocking {
		wait = "block"
	}
	tasks := []*task{
		{name: "report", steps: []step{{"cpu", 5}, {wait, 100}, {"cpu", 5}}},
		{name: "ping", steps: []step{{"cpu", 1}, {"await", 10}, {"cpu", 1}}},
		{name: "login", steps: []step{{"cpu", 2}, {"await", 20}, {"cpu", 2}}},
	}
	end, log := run(tasks)
	title := "with await (cooperative)"
	if blocking {
		title = "with a blocking sleep"
	}
	fmt.Println("==", title, "==")
	fmt.Println(strings.Join(log, "\n"))
	for _, t := range tasks {
		fmt.Printf("  %-7s finished at %3dms\n", t.name, t.done)
	}
	fmt.Println("  all done at", end, "ms")
}

func main() {
	scenario(false)
	scenario(true)
}
