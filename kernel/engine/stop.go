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
// EvalPathWithContext races on its own results). The engine runs each
// cell's evaluation under a context that never ends, in a goroutine it
// waits for, and stops it with this instead. The field names are those of
// yaegi v0.16.1, the version go.mod pins; newStopper fails if they change.
type stopper struct {
	id     *uint64
	done   *chan struct{}
	mutex  *sync.RWMutex
	mu     sync.Mutex
	closed chan struct{} // the done channel stop closed last
}

// errInterpLayout says the pinned yaegi's Interpreter is not what stopper
// expects.
var errInterpLayout = errors.New("yaegi's Interpreter has no fields id, done and mutex of the expected types")

func newStopper(i *interp.Interpreter) (*stopper, error) {
	v := reflect.ValueOf(i).Elem()
	id, done, mutex := v.FieldByName("id"), v.FieldByName("done"), v.FieldByName("mutex")
	if !id.IsValid() || id.Kind() != reflect.Uint64 ||
		!done.IsValid() || done.Type() != reflect.TypeFor[chan struct{}]() ||
		!mutex.IsValid() || mutex.Type() != reflect.TypeFor[sync.RWMutex]() {
		return nil, errInterpLayout
	}
	return &stopper{
		id:    (*uint64)(unsafe.Pointer(id.UnsafeAddr())),
		done:  (*chan struct{})(unsafe.Pointer(done.UnsafeAddr())),
		mutex: (*sync.RWMutex)(unsafe.Pointer(mutex.UnsafeAddr())),
	}, nil
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
