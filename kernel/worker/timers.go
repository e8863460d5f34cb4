package worker

import (
	"context"
	"reflect"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
)

// timers knows, conservatively, whether a timer a cell created may still
// fire. The deadlock detector needs this: a goroutine blocked on
// time.After is waiting, not deadlocked. Deadline-only timers (time.After,
// context deadlines) are tracked by when they fire. Timers and tickers
// that can be reset or tick forever (NewTimer, AfterFunc, NewTicker, Tick)
// mark the session as having timers pending from then on, so deadlock
// detection is never wrong, only sometimes silent.
type timers struct {
	mu      sync.Mutex
	until   time.Time // the latest deadline noted
	forever bool
}

func (t *timers) note(d time.Duration) {
	at := time.Now().Add(d)
	t.mu.Lock()
	if at.After(t.until) {
		t.until = at
	}
	t.mu.Unlock()
}

func (t *timers) noteAt(at time.Time) {
	t.mu.Lock()
	if at.After(t.until) {
		t.until = at
	}
	t.mu.Unlock()
}

func (t *timers) noteForever() {
	t.mu.Lock()
	t.forever = true
	t.mu.Unlock()
}

// pending reports whether a timer may still fire after now.
func (t *timers) pending(now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.forever || now.Before(t.until)
}

// exports replaces the timer constructors of time and context with ones
// that tell t about each timer.
func (t *timers) exports() interp.Exports {
	return interp.Exports{
		"time/time": {
			"After": reflect.ValueOf(func(d time.Duration) <-chan time.Time {
				t.note(d)
				return time.After(d)
			}),
			"AfterFunc": reflect.ValueOf(func(d time.Duration, f func()) *time.Timer {
				t.noteForever()
				return time.AfterFunc(d, f)
			}),
			"NewTimer": reflect.ValueOf(func(d time.Duration) *time.Timer {
				t.noteForever()
				return time.NewTimer(d)
			}),
			"NewTicker": reflect.ValueOf(func(d time.Duration) *time.Ticker {
				t.noteForever()
				return time.NewTicker(d)
			}),
			"Tick": reflect.ValueOf(func(d time.Duration) <-chan time.Time {
				t.noteForever()
				return time.Tick(d)
			}),
		},
		"context/context": {
			"WithTimeout": reflect.ValueOf(func(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
				t.note(d)
				return context.WithTimeout(parent, d)
			}),
			"WithTimeoutCause": reflect.ValueOf(func(parent context.Context, d time.Duration, cause error) (context.Context, context.CancelFunc) {
				t.note(d)
				return context.WithTimeoutCause(parent, d, cause)
			}),
			"WithDeadline": reflect.ValueOf(func(parent context.Context, at time.Time) (context.Context, context.CancelFunc) {
				t.noteAt(at)
				return context.WithDeadline(parent, at)
			}),
			"WithDeadlineCause": reflect.ValueOf(func(parent context.Context, at time.Time, cause error) (context.Context, context.CancelFunc) {
				t.noteAt(at)
				return context.WithDeadlineCause(parent, at, cause)
			}),
		},
	}
}
