// Debounce and throttle on a virtual clock: events arrive at given times;
// debounce fires once a quiet gap follows, throttle lets one event through
// per window. Computed without real timers, so the output is exact.
package main

import (
	"fmt"
	"strings"
	"time"
)

type Event struct {
	At   time.Duration
	Name string
}

func debounce(events []Event, quiet time.Duration) []Event {
	var out []Event
	for i, e := range events {
		last := i == len(events)-1
		if last || events[i+1].At-e.At >= quiet {
			out = append(out, Event{e.At + quiet, e.Name})
		}
	}
	return out
}

func throttle(events []Event, window time.Duration) (passed, dropped []Event) {
	var next time.Duration
	first := true
	for _, e := range events {
		if first || e.At >= next {
			passed = append(passed, e)
			next = e.At + window
			first = false
			continue
		}
		dropped = append(dropped, e)
	}
	return
}

func names(es []Event) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, fmt.Sprintf("%s@%v", e.Name, e.At))
	}
	return strings.Join(parts, " ")
}

func main() {
	ms := time.Millisecond
	typing := []Event{{0, "h"}, {80 * ms, "he"}, {150 * ms, "hel"}, {400 * ms, "hell"}, {450 * ms, "hello"}, {1200 * ms, "hello!"}}
	fmt.Println("debounce 200ms:", names(debounce(typing, 200*ms)))
	fmt.Println("debounce 50ms: ", names(debounce(typing, 50*ms)))
	p, d := throttle(typing, 300*ms)
	fmt.Println("throttle passed: ", names(p))
	fmt.Println("throttle dropped:", names(d))
	p, d = throttle(nil, time.Second)
	fmt.Println(len(p), len(d), p == nil)

	// The same debounce with real timers and channels: only the last of a
	// burst is delivered.
	in := make(chan string)
	out := make(chan string)
	go func() {
		var pending string
		var timer <-chan time.Time
		for {
			select {
			case s, ok := <-in:
				if !ok {
					if pending != "" {
						out <- pending
					}
					close(out)
					return
				}
				pending = s
				timer = time.After(20 * ms)
			case <-timer:
				out <- pending
				pending, timer = "", nil
			}
		}
	}()
	go func() {
		for _, s := range []string{"a", "ab", "abc"} {
			in <- s
		}
		close(in)
	}()
	for s := range out {
		fmt.Println("delivered:", s)
	}
}
