package time

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestTimersPending starts, stops and resets timers through the functions
// cells get, and checks whether a timer is pending an instant later and
// two hours later.
func TestTimersPending(t *testing.T) {
	tests := []struct {
		name string
		// use does what a cell would with the session's time package.
		use func(tm *Tracker)
		// now and later: pending right after use, and two hours on.
		now, later bool
	}{
		{"none", func(*Tracker) {}, false, false},
		{"time.After", func(tm *Tracker) { tm.note(time.Hour) }, true, false},
		{"NewTimer", func(tm *Tracker) { newTimer(tm, time.Hour) }, true, false},
		{"NewTimer stopped", func(tm *Tracker) {
			x := newTimer(tm, time.Hour)
			if !x.Stop() {
				t.Errorf("Stop of a pending timer = false, want true")
			}
		}, false, false},
		{"NewTimer fired", func(tm *Tracker) { <-newTimer(tm, 0).C }, false, false},
		{"NewTimer stopped and reset", func(tm *Tracker) {
			x := newTimer(tm, time.Hour)
			x.Stop()
			if x.Reset(time.Hour) {
				t.Errorf("Reset of a stopped timer = true, want false")
			}
		}, true, false},
		{"a copy stopped", func(tm *Tracker) {
			x := newTimer(tm, time.Hour)
			y := *x
			y.Stop()
		}, false, false},
		{"AfterFunc", func(tm *Tracker) { afterFunc(tm, time.Hour, func() {}) }, true, false},
		{"AfterFunc stopped", func(tm *Tracker) { afterFunc(tm, time.Hour, func() {}).Stop() }, false, false},
		{"NewTicker", func(tm *Tracker) { newTicker(tm, time.Hour) }, true, true},
		{"NewTicker stopped", func(tm *Tracker) { newTicker(tm, time.Hour).Stop() }, false, false},
		{"NewTicker stopped and reset", func(tm *Tracker) {
			x := newTicker(tm, time.Hour)
			x.Stop()
			x.Reset(time.Minute)
		}, true, true},
		{"Tick", func(tm *Tracker) {
			tm.Exports()["time/time"]["Tick"].Interface().(func(time.Duration) <-chan time.Time)(time.Hour)
		}, true, true},
		{"context deadline", func(tm *Tracker) { withTimeout(tm, time.Hour) }, true, true},
		{"context deadline cancelled", func(tm *Tracker) {
			_, cancel := withTimeout(tm, time.Hour)
			cancel()
		}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := NewTracker()
			tt.use(tm)
			now := time.Now()
			if got := tm.Pending(now); got != tt.now {
				t.Errorf("pending now = %v, want %v", got, tt.now)
			}
			if got := tm.Pending(now.Add(2 * time.Hour)); got != tt.later {
				t.Errorf("pending in two hours = %v, want %v", got, tt.later)
			}
		})
	}
}

// TestTimersPrune checks that timers started in a loop and fired are
// forgotten, so the records stay small.
func TestTimersPrune(t *testing.T) {
	tm := NewTracker()
	for range 10_000 {
		x := newTimer(tm, time.Nanosecond)
		<-x.C
	}
	tm.mu.Lock()
	n := len(tm.timers)
	tm.mu.Unlock()
	if n > 200 {
		t.Errorf("%d timers remembered after 10,000 fired, want at most 200", n)
	}
}

// TestTimerUninitialized checks that the zero Timer and Ticker fail as
// time's do.
func TestTimerUninitialized(t *testing.T) {
	tests := []struct {
		name string
		f    func()
		want any // the panic value; nil for none
	}{
		{"Timer.Stop", func() { new(Timer).Stop() }, "time: Stop called on uninitialized Timer"},
		{"Timer.Reset", func() { new(Timer).Reset(time.Second) }, "time: Reset called on uninitialized Timer"},
		{"Ticker.Stop", func() { new(Ticker).Stop() }, nil},
		{"Ticker.Reset", func() { new(Ticker).Reset(time.Second) }, "time: Reset called on uninitialized Ticker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if got := recover(); got != tt.want {
					t.Errorf("panic %v, want %v", got, tt.want)
				}
			}()
			tt.f()
		})
	}
}

func newTimer(tm *Tracker, d time.Duration) *Timer {
	return tm.Exports()["time/time"]["NewTimer"].Interface().(func(time.Duration) *Timer)(d)
}

func afterFunc(tm *Tracker, d time.Duration, f func()) *Timer {
	return tm.Exports()["time/time"]["AfterFunc"].Interface().(func(time.Duration, func()) *Timer)(d, f)
}

func newTicker(tm *Tracker, d time.Duration) *Ticker {
	return tm.Exports()["time/time"]["NewTicker"].Interface().(func(time.Duration) *Ticker)(d)
}

func withTimeout(tm *Tracker, d time.Duration) (context.Context, context.CancelFunc) {
	f := tm.Exports()["context/context"]["WithTimeout"].Interface().(func(context.Context, time.Duration) (context.Context, context.CancelFunc))
	return f(context.Background(), d)
}

// TestTypeNames checks that cells see the types under time's names.
func TestTypeNames(t *testing.T) {
	tm := NewTracker()
	x, tk := newTimer(tm, time.Hour), newTicker(tm, time.Hour)
	defer x.Stop()
	defer tk.Stop()
	if got := fmt.Sprintf("%T %T", x, tk); got != "*time.Timer *time.Ticker" {
		t.Errorf("%%T of a Timer and a Ticker = %q, want %q", got, "*time.Timer *time.Ticker")
	}
}
