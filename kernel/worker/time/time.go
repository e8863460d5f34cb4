// Package time gives a session's cells their timers, so that the kernel's
// worker knows which of them are pending: its deadlock detector must tell
// a goroutine waiting for a timer from a deadlocked one, and, as in Go, a
// session is deadlocked only while no timer is pending.
//
// Cells get this package's Timer and Ticker in place of the standard
// library's, with the same field and methods, so that stopping and
// resetting are seen; they wrap the standard ones, which do the work. The
// package is named time so that cells see the types under their usual
// names (fmt's %T prints *time.Timer).
package time

import (
	"context"
	"reflect"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
)

// Tracker knows which timers a session's cells started are pending. A
// timer (NewTimer, AfterFunc) is pending until it fires or is stopped, and
// again once reset; a ticker (NewTicker) until it is stopped. The others
// are tracked conservatively: time.After until its deadline, a context
// deadline until the context is done, and time.Tick, which can never be
// stopped, for the rest of the session.
type Tracker struct {
	mu      sync.Mutex
	until   time.Time // the latest time.After deadline noted
	forever bool      // a time.Tick ticker was started
	// timers maps each timer neither stopped nor known to have fired to
	// when it fires; tickers holds the tickers not stopped. Both are keyed
	// by the time package's own value, which copies of a Timer share.
	timers  map[*time.Timer]time.Time
	tickers map[*time.Ticker]bool
	ctxs    []context.Context // contexts with a deadline, not known to be done
	// pruned is the number of entries left by the last prune: the next
	// one comes when there are twice as many, so that a cell starting
	// timers in a loop pays a constant amortized cost.
	pruned int
}

// NewTracker returns a Tracker that knows of no timers.
func NewTracker() *Tracker {
	return &Tracker{timers: map[*time.Timer]time.Time{}, tickers: map[*time.Ticker]bool{}}
}

// note records a timer that cannot be stopped and fires d from now.
func (t *Tracker) note(d time.Duration) {
	at := time.Now().Add(d)
	t.mu.Lock()
	if at.After(t.until) {
		t.until = at
	}
	t.mu.Unlock()
}

func (t *Tracker) noteForever() {
	t.mu.Lock()
	t.forever = true
	t.mu.Unlock()
}

// deadline records ctx, whose deadline a timer enforces, and returns it
// with its cancel.
func (t *Tracker) deadline(ctx context.Context, cancel context.CancelFunc) (context.Context, context.CancelFunc) {
	t.mu.Lock()
	t.ctxs = append(t.ctxs, ctx)
	t.grown(time.Now())
	t.mu.Unlock()
	return ctx, cancel
}

// timer starts a timer with start, which makes one that fires after d,
// and records it. It is recorded as firing no earlier than it does.
func (t *Tracker) timer(d time.Duration, start func() *time.Timer) *Timer {
	tm := start()
	t.mu.Lock()
	t.started(tm, time.Now().Add(d))
	t.mu.Unlock()
	return &Timer{C: tm.C, t: tm, tm: t}
}

// started records that tm fires at when; t.mu is held.
func (t *Tracker) started(tm *time.Timer, when time.Time) {
	t.timers[tm] = when
	t.grown(time.Now())
}

// grown prunes what can no longer fire once the records have doubled
// since the last prune; t.mu is held.
func (t *Tracker) grown(now time.Time) {
	if n := len(t.timers) + len(t.ctxs); n > 64 && n > 2*t.pruned {
		t.prune(now)
	}
}

// prune forgets timers that fired by now and contexts that are done;
// t.mu is held.
func (t *Tracker) prune(now time.Time) {
	for tm, when := range t.timers {
		if !now.Before(when) {
			delete(t.timers, tm)
		}
	}
	live := t.ctxs[:0]
	for _, ctx := range t.ctxs {
		if ctx.Err() == nil {
			live = append(live, ctx)
		}
	}
	clear(t.ctxs[len(live):])
	t.ctxs = live
	t.pruned = len(t.timers) + len(t.ctxs)
}

// Pending reports whether a timer may still fire after now.
func (t *Tracker) Pending(now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.forever || now.Before(t.until) || len(t.tickers) > 0 {
		return true
	}
	t.prune(now)
	return len(t.timers) > 0 || len(t.ctxs) > 0
}

// Timer is time.Timer as cells see it: NewTimer and AfterFunc return one,
// and it tells its Tracker when it is stopped or reset. Its methods change
// the standard timer and the record together, under the Tracker's lock,
// so that the two agree whichever goroutines call them.
type Timer struct {
	C  <-chan time.Time
	t  *time.Timer
	tm *Tracker
}

// Stop stops the timer, as time.Timer's Stop does.
func (x *Timer) Stop() bool {
	if x.t == nil {
		panic("time: Stop called on uninitialized Timer")
	}
	x.tm.mu.Lock()
	defer x.tm.mu.Unlock()
	delete(x.tm.timers, x.t)
	return x.t.Stop()
}

// Reset changes the timer to fire after d, as time.Timer's Reset does.
func (x *Timer) Reset(d time.Duration) bool {
	if x.t == nil {
		panic("time: Reset called on uninitialized Timer")
	}
	x.tm.mu.Lock()
	defer x.tm.mu.Unlock()
	active := x.t.Reset(d)
	x.tm.started(x.t, time.Now().Add(d))
	return active
}

// Ticker is time.Ticker as cells see it: NewTicker returns one, and it
// tells its Tracker when it is stopped or reset.
type Ticker struct {
	C  <-chan time.Time
	t  *time.Ticker
	tm *Tracker
}

// Stop turns the ticker off, as time.Ticker's Stop does.
func (x *Ticker) Stop() {
	if x.t == nil {
		return // as time.Ticker's Stop on a ticker NewTicker did not make
	}
	x.tm.mu.Lock()
	defer x.tm.mu.Unlock()
	delete(x.tm.tickers, x.t)
	x.t.Stop()
}

// Reset stops the ticker and restarts it with period d, as time.Ticker's
// Reset does.
func (x *Ticker) Reset(d time.Duration) {
	if x.t == nil {
		panic("time: Reset called on uninitialized Ticker")
	}
	x.tm.mu.Lock()
	defer x.tm.mu.Unlock()
	x.t.Reset(d) // panics, like time's, when d <= 0
	x.tm.tickers[x.t] = true
}

// Exports replaces the timer constructors and types of time, and the
// deadline constructors of context, with ones that tell t about each
// timer, in the form yaegi's Use takes.
func (t *Tracker) Exports() interp.Exports {
	return interp.Exports{
		"time/time": {
			"Timer":  reflect.ValueOf((*Timer)(nil)),
			"Ticker": reflect.ValueOf((*Ticker)(nil)),
			"After": reflect.ValueOf(func(d time.Duration) <-chan time.Time {
				t.note(d)
				return time.After(d)
			}),
			"AfterFunc": reflect.ValueOf(func(d time.Duration, f func()) *Timer {
				return t.timer(d, func() *time.Timer { return time.AfterFunc(d, f) })
			}),
			"NewTimer": reflect.ValueOf(func(d time.Duration) *Timer {
				return t.timer(d, func() *time.Timer { return time.NewTimer(d) })
			}),
			"NewTicker": reflect.ValueOf(func(d time.Duration) *Ticker {
				tk := time.NewTicker(d) // panics, like time's, when d <= 0
				t.mu.Lock()
				t.tickers[tk] = true
				t.mu.Unlock()
				return &Ticker{C: tk.C, t: tk, tm: t}
			}),
			"Tick": reflect.ValueOf(func(d time.Duration) <-chan time.Time {
				if d > 0 {
					t.noteForever()
				}
				return time.Tick(d)
			}),
		},
		"context/context": {
			"WithTimeout": reflect.ValueOf(func(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
				return t.deadline(context.WithTimeout(parent, d))
			}),
			"WithTimeoutCause": reflect.ValueOf(func(parent context.Context, d time.Duration, cause error) (context.Context, context.CancelFunc) {
				return t.deadline(context.WithTimeoutCause(parent, d, cause))
			}),
			"WithDeadline": reflect.ValueOf(func(parent context.Context, at time.Time) (context.Context, context.CancelFunc) {
				return t.deadline(context.WithDeadline(parent, at))
			}),
			"WithDeadlineCause": reflect.ValueOf(func(parent context.Context, at time.Time, cause error) (context.Context, context.CancelFunc) {
				return t.deadline(context.WithDeadlineCause(parent, at, cause))
			}),
		},
	}
}
