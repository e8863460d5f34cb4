// An event loop that runs coroutines until complete and can be closed.
// Sharing one loop (get_event_loop) fails after the first user closes it;
// a new loop per job (new_event_loop) keeps the jobs independent.
package main

import (
	"errors"
	"fmt"
)

type RuntimeError struct {
	Op  string
	Msg string
}

func (e *RuntimeError) Error() string { return "RuntimeError: " + e.Msg }

var ErrClosed = errors.New("Event loop is closed")

type Loop struct {
	id     int
	closed bool
	queue  []func()
	ran    int
}

var (
	loops   int
	current *Loop
)

func NewEventLoop() *Loop {
	loops++
	return &Loop{id: loops}
}

func GetEventLoop() *Loop {
	if current == nil {
		current = NewEventLoop()
	}
	return current
}

func (l *Loop) RunUntilComplete(job func() map[string]string) (res map[string]string, err error) {
	if l.closed {
		return nil, fmt.Errorf("loop %d: %w", l.id, &RuntimeError{Op: "run", Msg: ErrClosed.Error()})
	}
	l.queue = append(l.queue, func() { res = job() })
	for len(l.queue) > 0 {
		next := l.queue[0]
		l.queue = l.queue[1:]
		next()
		l.ran++
	}
	return res, nil
}

func (l *Loop) Close() { l.closed = true }

func (e *RuntimeError) Is(target error) bool { return target == ErrClosed }

func getHihi() map[string]string { return map[string]string{"message": "hihi"} }
func getBye() map[string]string  { return map[string]string{"message": "bye"} }

func mainWith(name string, getLoop func() *Loop) {
	fmt.Println("==", name, "==")
	for _, job := range []struct {
		name string
		fn   func() map[string]string
	}{{"main_get_hihi", getHihi}, {"main_get_bye", getBye}} {
		loop := getLoop()
		res, err := loop.RunUntilComplete(job.fn)
		loop.Close()
		var rt *RuntimeError
		switch {
		case errors.As(err, &rt):
			fmt.Printf("%-14s loop#%d error: %v (op=%s, closed=%v)\n", job.name, loop.id, err, rt.Op, errors.Is(err, ErrClosed))
		case err != nil:
			fmt.Println("unexpected", err)
		default:
			fmt.Printf("%-14s loop#%d -> %v\n", job.name, loop.id, res)
		}
	}
}

func main() {
	mainWith("get_event_loop", GetEventLoop)
	mainWith("new_event_loop", NewEventLoop)
	fmt.Println("loops created:", loops)
	fmt.Println("finish")
}
