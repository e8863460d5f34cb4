package engine

import (
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// stopper stops all interpreted code of an interpreter at once, as yaegi
// does when the context of an EvalWithContext ends: it bumps the run id
// that every interpreted loop checks and closes the channel that
// cancellable channel operations select on.
//
// yaegi keeps that step unexported, and the only way to reach it is to end
// an evaluation's context, after which the evaluation goes on in a
// goroutine nobody can wait for, racing with the next cell (and its
// EvalPathWithContext races on its own results). The engine executes each
// cell in a goroutine it waits for, with a done channel renewed as
// EvalWithContext would, and stops it with this instead. The field names are those of
// yaegi v0.16.1, the version go.mod pins; newStopper fails if they change.
type stopper struct {
	id     *uint64
	done   *chan struct{}
	mutex  *sync.RWMutex
	mu     sync.Mutex
	closed chan struct{} // the done channel stop closed last
	roots  reflect.Value // the interpreter's roots []*node, settable
	scopes reflect.Value // the interpreter's package scopes by import path
}

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
	return &stopper{
		id:     (*uint64)(unsafe.Pointer(id.UnsafeAddr())),
		done:   (*chan struct{})(unsafe.Pointer(done.UnsafeAddr())),
		mutex:  (*sync.RWMutex)(unsafe.Pointer(mutex.UnsafeAddr())),
		roots:  reflect.NewAt(roots.Type(), unsafe.Pointer(roots.UnsafeAddr())).Elem(),
		scopes: scopes,
	}, nil
}

// renew gives the cell about to run a done channel of its own, as
// EvalWithContext does before each evaluation, and returns it.
func (st *stopper) renew() chan struct{} {
	done := make(chan struct{})
	st.mutex.Lock()
	*st.done = done
	st.mutex.Unlock()
	return done
}

// stopCell stops as stop does if done, which renew returned, is still the
// running cell's done channel, and reports whether it was: a cell that
// has ended, and the cells after it, are left alone.
func (st *stopper) stopCell(done chan struct{}) bool {
	st.mutex.Lock() // renew cannot replace done meanwhile
	defer st.mutex.Unlock()
	if *st.done != done {
		return false
	}
	atomic.AddUint64(st.id, 1)
	st.mu.Lock()
	defer st.mu.Unlock()
	if done != st.closed {
		close(done)
		st.closed = done
	}
	return true
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

// stop ends every running interpreted frame. Goroutines blocked in a
// compiled call (time.Sleep) end when the call returns.
func (st *stopper) stop() {
	st.mutex.RLock() // EvalWithContext replaces done under the lock
	done := *st.done
	st.mutex.RUnlock()
	atomic.AddUint64(st.id, 1)
	st.mu.Lock()
	defer st.mu.Unlock()
	if done != nil && done != st.closed {
		close(done)
		st.closed = done
	}
}
