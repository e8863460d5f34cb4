// asyncio.wait with return_when: FIRST_COMPLETED, FIRST_EXCEPTION and
// ALL_COMPLETED, giving back the done and pending sets.
package main

import (
	"errors"
	"fmt"
	"slices"
	"sort"
)

type ReturnWhen int

const (
	FirstCompleted ReturnWhen = iota
	FirstException
	AllCompleted
)

func (r ReturnWhen) String() string {
	switch r {
	case FirstCompleted:
		return "FIRST_COMPLETED"
	case FirstException:
		return "FIRST_EXCEPTION"
	case AllCompleted:
		return "ALL_COMPLETED"
	}
	return fmt.Sprintf("ReturnWhen(%d)", int(r))
}

type Task struct {
	Name string
	Err  error
	gate chan struct{}
}

type outcome struct {
	name string
	err  error
}

// wait releases tasks one at a time in the given order and stops as asked.
func wait(tasks []*Task, release []string, when ReturnWhen) (done, pending []string) {
	results := make(chan outcome)
	byName := map[string]*Task{}
	for _, t := range tasks {
		byName[t.Name] = t
		go func() {
			<-t.gate
			results <- outcome{t.Name, t.Err}
		}()
	}
	left := map[string]bool{}
	for _, t := range tasks {
		left[t.Name] = true
	}
	for _, name := range release {
		close(byName[name].gate)
		o := <-results
		delete(left, o.name)
		done = append(done, o.name)
		if when == FirstCompleted || (when == FirstException && o.err != nil) {
			break
		}
	}
	for n := range left {
		pending = append(pending, n)
	}
	sort.Strings(pending)
	return done, pending
}

func newTasks() []*Task {
	return []*Task{
		{Name: "fetch", gate: make(chan struct{})},
		{Name: "parse", Err: errors.New("bad json"), gate: make(chan struct{})},
		{Name: "store", gate: make(chan struct{})},
	}
}

func main() {
	release := []string{"fetch", "parse", "store"}
	for _, when := range []ReturnWhen{FirstCompleted, FirstException, AllCompleted, ReturnWhen(7)} {
		tasks := newTasks()
		if when > AllCompleted {
			fmt.Printf("%v: unknown mode\n", when)
			continue
		}
		done, pending := wait(tasks, release, when)
		fmt.Printf("%-15v done=%v pending=%v\n", when, done, pending)
		fmt.Printf("%-15d %d/%d\n", when, len(done), len(tasks))
		if slices.Contains(done, "parse") {
			fmt.Println("  parse failed:", tasks[1].Err)
		}
	}
	fmt.Printf("%s|%q|%x\n", AllCompleted, FirstException, FirstCompleted)
}
