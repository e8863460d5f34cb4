// Task cancellation: a task moves through pending -> running -> done or
// cancelled; cancel() asks it to stop, and its cleanup still runs.
package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

type State uint8

const (
	Pending State = iota
	Running
	Done
	Cancelled
)

var stateNames = [...]string{Pending: "PENDING", Running: "RUNNING", Done: "FINISHED", Cancelled: "CANCELLED"}

func (s State) String() string { return stateNames[s] }

var ErrCancelled = errors.New("CancelledError")

type Task struct {
	name    string
	mu      sync.Mutex
	state   State
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
	result  int
	err     error
	cleanup []string
}

func CreateTask(name string, steps int, step chan int) *Task {
	ctx, cancel := context.WithCancel(context.Background())
	t := &Task{name: name, state: Pending, ctx: ctx, cancel: cancel, done: make(chan struct{})}
	go t.run(steps, step)
	return t
}

func (t *Task) set(s State) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.state = s
}

func (t *Task) State() State {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state
}

func (t *Task) run(steps int, step chan int) {
	defer close(t.done)
	defer func() { t.cleanup = append(t.cleanup, "closed connection") }()
	t.set(Running)
	for i := 1; i <= steps; i++ {
		select {
		case <-t.ctx.Done():
			t.err = fmt.Errorf("%s at step %d: %w", t.name, i, ErrCancelled)
			t.set(Cancelled)
			return
		case step <- i:
			t.result += i
		}
	}
	t.set(Done)
}

func (t *Task) Cancel() bool {
	if s := t.State(); s == Done || s == Cancelled {
		return false
	}
	t.cancel()
	return true
}

func (t *Task) Wait() (int, error) {
	<-t.done
	return t.result, t.err
}

func main() {
	step := make(chan int)
	a := CreateTask("download", 3, step)
	for range 3 {
		<-step
	}
	res, err := a.Wait()
	fmt.Printf("%s: state=%v result=%d err=%v cleanup=%v\n", a.name, a.State(), res, err, a.cleanup)
	fmt.Println("cancel after done:", a.Cancel())

	b := CreateTask("upload", 10, step)
	got := []int{<-step, <-step}
	fmt.Println("upload progressed to", got)
	fmt.Println("cancel requested:", b.Cancel())
	res, err = b.Wait()
	fmt.Printf("%s: state=%v result=%d\n", b.name, b.State(), res)
	fmt.Println("error:", err)
	fmt.Println("is CancelledError:", errors.Is(err, ErrCancelled), "| cleanup:", strings.Join(b.cleanup, ";"))
	fmt.Println("cancel twice:", b.Cancel())

	fmt.Printf("%v %d %s %q\n", Running, Running, Cancelled, Pending)
	fmt.Printf("%-10v|%10v|\n", Done, Cancelled)
}
