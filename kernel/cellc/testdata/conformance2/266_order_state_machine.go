// An order's lifecycle as a state machine driven by events from several
// goroutines, serialized through one channel; illegal transitions are
// rejected with an error that names both states.
package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

type State string

const (
	Created   State = "created"
	Paid      State = "paid"
	Brewing   State = "brewing"
	Ready     State = "ready"
	PickedUp  State = "picked-up"
	Cancelled State = "cancelled"
)

var transitions = map[State][]State{
	Created: {Paid, Cancelled},
	Paid:    {Brewing, Cancelled},
	Brewing: {Ready},
	Ready:   {PickedUp},
}

type TransitionError struct {
	From, To State
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("cannot go from %s to %s", e.From, e.To)
}

var ErrFinal = errors.New("order is finished")

type Event interface{ Target() State }

type Payment struct{ Amount int }
type Barista struct{ Name string }
type Bell struct{}
type Pickup struct{ By string }
type Cancel struct{ Reason string }

func (Payment) Target() State { return Paid }
func (Barista) Target() State { return Brewing }
func (Bell) Target() State    { return Ready }
func (Pickup) Target() State  { return PickedUp }
func (Cancel) Target() State  { return Cancelled }

type Order struct {
	state   State
	history []string
}

func (o *Order) Apply(e Event) error {
	next := e.Target()
	allowed, ok := transitions[o.state]
	if !ok {
		return fmt.Errorf("%w (%s)", ErrFinal, o.state)
	}
	if !slices.Contains(allowed, next) {
		return &TransitionError{o.state, next}
	}
	var note string
	switch ev := e.(type) {
	case Payment:
		note = fmt.Sprintf("paid %d", ev.Amount)
	case Barista:
		note = "brewed by " + ev.Name
	case Pickup:
		note = "picked up by " + ev.By
	case Cancel:
		note = "cancelled: " + ev.Reason
	default:
		note = fmt.Sprintf("%T", ev)
	}
	o.history = append(o.history, fmt.Sprintf("%s -> %s (%s)", o.state, next, note))
	o.state = next
	return nil
}

func main() {
	o := &Order{state: Created}
	events := make(chan Event)
	var wg sync.WaitGroup
	steps := []Event{Payment{4500}, Barista{"min"}, Bell{}, Pickup{"kim"}}
	// Each step waits for the previous one, as the real parties would.
	gates := make([]chan struct{}, len(steps)+1)
	for i := range gates {
		gates[i] = make(chan struct{})
	}
	for i, s := range steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gates[i]
			events <- s
		}()
	}
	go func() { wg.Wait(); close(events) }()
	close(gates[0])
	i := 0
	for e := range events {
		if err := o.Apply(e); err != nil {
			fmt.Println("error:", err)
		}
		i++
		close(gates[i])
	}
	fmt.Println(strings.Join(o.history, "\n"))
	fmt.Println("final:", o.state)

	err := o.Apply(Cancel{"too late"})
	fmt.Println(err, errors.Is(err, ErrFinal))

	o2 := &Order{state: Created}
	err = o2.Apply(Bell{})
	var te *TransitionError
	fmt.Println(err, errors.As(err, &te), te.From, te.To)
	fmt.Println(o2.Apply(Cancel{"changed my mind"}), o2.state, o2.history)
}
