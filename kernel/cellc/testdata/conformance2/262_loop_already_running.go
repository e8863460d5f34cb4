// Event-loop misuse errors: running a loop from inside itself ("this event
// loop is already running"), using it after close, and a coroutine that was
// created but never awaited, reported when the loop closes.
package main

import (
	"errors"
	"fmt"
	"sort"
)

var (
	ErrRunning = errors.New("this event loop is already running")
	ErrClosed  = errors.New("event loop is closed")
)

type Coro struct {
	name    string
	fn      func(*Loop) (string, error)
	awaited bool
}

type Loop struct {
	running bool
	closed  bool
	created []*Coro
	log     []string
}

func (l *Loop) Create(name string, fn func(*Loop) (string, error)) *Coro {
	c := &Coro{name: name, fn: fn}
	l.created = append(l.created, c)
	return c
}

func (l *Loop) RunUntilComplete(c *Coro) (res string, err error) {
	switch {
	case l.closed:
		return "", fmt.Errorf("run %s: %w", c.name, ErrClosed)
	case l.running:
		return "", fmt.Errorf("run %s: %w", c.name, ErrRunning)
	}
	l.running = true
	defer func() { l.running = false }()
	c.awaited = true
	return c.fn(l)
}

func (l *Loop) Close() []string {
	l.closed = true
	var warnings []string
	for _, c := range l.created {
		if !c.awaited {
			warnings = append(warnings, fmt.Sprintf("RuntimeWarning: coroutine '%s' was never awaited", c.name))
		}
	}
	sort.Strings(warnings)
	return warnings
}

func main() {
	loop := &Loop{}
	inner := loop.Create("inner", func(*Loop) (string, error) { return "inner result", nil })
	outer := loop.Create("outer", func(l *Loop) (string, error) {
		// Calling the loop again from a coroutine it runs is an error.
		if _, err := l.RunUntilComplete(inner); err != nil {
			return "", fmt.Errorf("outer: %w", err)
		}
		return "outer result", nil
	})
	loop.Create("forgotten_task", func(*Loop) (string, error) { return "", nil })
	loop.Create("also_forgotten", func(*Loop) (string, error) { return "", nil })

	res, err := loop.RunUntilComplete(outer)
	fmt.Printf("outer: %q err=%v\n", res, err)
	fmt.Println("is ErrRunning:", errors.Is(err, ErrRunning))

	res, err = loop.RunUntilComplete(inner)
	fmt.Printf("inner on its own: %q err=%v\n", res, err)

	for _, w := range loop.Close() {
		fmt.Println(w)
	}
	_, err = loop.RunUntilComplete(inner)
	fmt.Println("after close:", err, errors.Is(err, ErrClosed))
}
