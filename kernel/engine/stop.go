package engine

import (
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// stopper stops all interpreted code of an interpreter at once, as yaegi
// does when the context of an EvalWithContext ends: it changes the run id
// that every interpreted loop checks and closes the done channel that
// cancellable channel operations select on.
//
// yaegi keeps that step unexported, and the only way to reach it is to end
// an evaluation's context, after which the evaluation goes on in a
// goroutine nobody can wait for, racing with the next cell (and its
// EvalPathWithContext races on its own results). The engine runs each
// cell itself and stops it with this instead.
//
// yaegi gives each frame the run id and the done channel of the frame it
// was made from, once, and a function value made by a cell keeps the frame
// it was made in: had a stop changed the run id for good, or closed the
// done channel, every function and closure an earlier cell made would
// return at once, doing nothing, ever after. So a stop changes the run id
// only until the next cell starts (renew), by which time the code it
// stopped has seen it; and the done channel, one for the session's life,
// is never closed: until renew, a goroutine of the stopper's sends on it,
// so that each goroutine blocked in a channel operation, a select or
// time.Sleep at the stop, whichever cell started it, takes a value and
// ends. stopCell stops only the cell it was given. The field names are
// those of yaegi v0.16.1, the version go.mod pins; newStopper fails if
// they change.
type stopper struct {
	id     *uint64
	done   *chan struct{}
	mutex  *sync.RWMutex
	roots  reflect.Value // the interpreter's roots []*node, settable
	scopes reflect.Value // the interpreter's package scopes by import path

	mu      sync.Mutex
	live    uint64        // the run id of code that may run
	cell    uint64        // counts renew's calls: the running cell's number
	stopped time.Time     // when a stop changed the run id; zero after renew
	resume  chan struct{} // closed by renew to end the stop's sends on done
	wakeUp  chan struct{} // the done channel, set once by newStopper
}

// observeStop is how long a changed run id stays changed at least, so
// that interpreted code running on another core, or waiting for one, sees
// it before renew changes it back.
const observeStop = 20 * time.Millisecond

// errInterpLayout says the pinned yaegi's Interpreter is not what stopper
// expects.
var errInterpLayout = errors.New("yaegi's Interpreter has no fields id, done, mutex, cancelChan and roots of the expected types")

func newStopper(i *interp.Interpreter) (*stopper, error) {
	v := reflect.ValueOf(i).Elem()
	id, done, mutex := v.FieldByName("id"), v.FieldByName("done"), v.FieldByName("mutex")
	cancelChan := v.FieldByName("cancelChan")
	if !id.IsValid() || id.Kind() != reflect.Uint64 ||
		!done.IsValid() || done.Type() != reflect.TypeFor[chan struct{}]() ||
		!mutex.IsValid() || mutex.Type() != reflect.TypeFor[sync.RWMutex]() ||
		!cancelChan.IsValid() || cancelChan.Kind() != reflect.Bool {
		return nil, errInterpLayout
	}
	// Channel operations select on done, so that stop can end them.
	*(*bool)(unsafe.Pointer(cancelChan.UnsafeAddr())) = true
	roots, scopes := v.FieldByName("roots"), v.FieldByName("scopes")
	if !roots.IsValid() || roots.Kind() != reflect.Slice ||
		!scopes.IsValid() || scopes.Kind() != reflect.Map || scopes.Type().Key().Kind() != reflect.String {
		return nil, errInterpLayout
	}
	st := &stopper{
		id:     (*uint64)(unsafe.Pointer(id.UnsafeAddr())),
		done:   (*chan struct{})(unsafe.Pointer(done.UnsafeAddr())),
		mutex:  (*sync.RWMutex)(unsafe.Pointer(mutex.UnsafeAddr())),
		roots:  reflect.NewAt(roots.Type(), unsafe.Pointer(roots.UnsafeAddr())).Elem(),
		scopes: scopes,
	}
	st.live = atomic.LoadUint64(st.id)
	st.wakeUp = make(chan struct{})
	st.mutex.Lock()
	*st.done = st.wakeUp
	st.mutex.Unlock()
	return st, nil
}

// renew readies the interpreter for the cell about to run and returns the
// cell's number, for stopCell. After a stop it gives the run id back to
// live code, once the stop has had observeStop to be seen, and ends the
// sends on done.
func (st *stopper) renew() uint64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.stopped.IsZero() {
		time.Sleep(observeStop - time.Since(st.stopped))
		atomic.StoreUint64(st.id, st.live)
		close(st.resume)
		st.stopped, st.resume = time.Time{}, nil
	}
	st.cell++
	return st.cell
}

// current returns the done channel: a value received from it means stop.
// It never changes, so reading it takes no lock.
func (st *stopper) current() chan struct{} { return st.wakeUp }

// stop ends every running interpreted frame, and wakes interpreted code
// blocked on a channel, in a select or asleep, which then ends.
// Goroutines blocked in another compiled call (a sync.Mutex's Lock, say)
// go on when it returns, if the next cell has started by then.
func (st *stopper) stop() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.stopLocked()
}

// stopCell stops as stop does if cell, which renew returned, is still the
// running cell's number, and reports whether it was: later cells are left
// alone.
func (st *stopper) stopCell(cell uint64) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if cell != st.cell {
		return false
	}
	st.stopLocked()
	return true
}

func (st *stopper) stopLocked() {
	atomic.StoreUint64(st.id, st.live+1)
	st.stopped = time.Now()
	if st.resume == nil {
		st.resume = make(chan struct{})
		go wake(st.current(), st.resume)
	}
}

// release ends a stop's sends on done, for a session that closes.
func (st *stopper) release() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.resume != nil {
		close(st.resume)
		st.resume = nil
	}
}

// wake sends on done, for each goroutine that waits on it, until resume
// is closed.
func wake(done, resume chan struct{}) {
	for {
		select {
		case done <- struct{}{}:
		case <-resume:
			return
		}
	}
}

// forgetTrees drops the two lists through which yaegi keeps every syntax
// tree it ever compiled into package main: its roots, and the child scopes
// of the package's scope (each holding its function's tree). Only yaegi's
// debugger reads them. Without this each cell's tree stayed in memory for
// the session's life, though nothing else refers to the tree of a cell
// whose code and goroutines are done; declarations keep theirs through
// their symbols.
func (st *stopper) forgetTrees() error {
	st.roots.SetZero()
	sc := st.scopes.MapIndex(reflect.ValueOf("main"))
	if !sc.IsValid() || sc.Kind() != reflect.Pointer || sc.IsNil() {
		return nil // nothing compiled into main yet
	}
	child := sc.Elem().FieldByName("child")
	if !child.IsValid() || child.Kind() != reflect.Slice {
		return errInterpLayout
	}
	reflect.NewAt(child.Type(), unsafe.Pointer(child.UnsafeAddr())).Elem().SetZero()
	return nil
}
