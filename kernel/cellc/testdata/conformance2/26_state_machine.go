// A traffic-light state machine: typed constants, Stringer, maps of transitions,
// method values as handlers and a goroutine that drives it.
package main

import (
	"fmt"
	"strings"
)

type State int

const (
	Red State = iota + 1
	Green
	Yellow
)

var names = map[State]string{Red: "red", Green: "green", Yellow: "yellow"}

func (s State) String() string {
	if n, ok := names[s]; ok {
		return n
	}
	return fmt.Sprintf("State(%d)", int(s))
}

type Event string

type Machine struct {
	state   State
	trans   map[State]map[Event]State
	history []State
	onEnter map[State]func(from State)
}

func NewMachine() *Machine {
	m := &Machine{
		state: Red,
		trans: map[State]map[Event]State{
			Red:    {"go": Green},
			Green:  {"slow": Yellow, "stop": Red},
			Yellow: {"stop": Red},
		},
		onEnter: map[State]func(State){},
	}
	return m
}

func (m *Machine) Fire(e Event) error {
	next, ok := m.trans[m.state][e]
	if !ok {
		return fmt.Errorf("no transition from %v on %q", m.state, e)
	}
	from := m.state
	m.history = append(m.history, from)
	m.state = next
	if h := m.onEnter[next]; h != nil {
		h(from)
	}
	return nil
}

type Logger struct{ sb strings.Builder }

func (l *Logger) Enter(from State) { fmt.Fprintf(&l.sb, "left %v;", from) }

func main() {
	m := NewMachine()
	lg := &Logger{}
	m.onEnter[Green] = lg.Enter
	m.onEnter[Red] = lg.Enter
	events := make(chan Event)
	done := make(chan []error)
	go func() {
		var errs []error
		for e := range events {
			if err := m.Fire(e); err != nil {
				errs = append(errs, err)
			}
		}
		done <- errs
	}()
	for _, e := range []Event{"go", "slow", "go", "stop", "go", "stop", "fly"} {
		events <- e
	}
	close(events)
	errs := <-done
	fmt.Println("state:", m.state, "history:", m.history)
	fmt.Println("errors:", errs)
	fmt.Println(lg.sb.String())
	fmt.Printf("%v %d %s %v\n", Yellow, Yellow, State(9), []State{Red, Green})
	fmt.Printf("%+v\n", struct{ S State }{Green})
}
