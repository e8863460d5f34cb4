//go:build ignore

// This is the generic type of the standard library's sync/atomic package.
// The engine serves sync/atomic as an interpreted package: generated
// aliases of every compiled symbol, plus this file.
//
// Pointer's methods take a lock made of a one-slot channel, since an
// instantiated body can use only builtins and its own type parameters.
package atomic

type Pointer[T any] struct {
	_    [0]*T
	lock chan struct{}
	v    *T
}

func (x *Pointer[T]) acquire() {
	if x.lock == nil {
		// The zero Pointer is ready to use; the lock is made on first use.
		// Two first uses racing here is the price of having no compiled
		// helper; cells use a Pointer from one goroutine first in practice.
		x.lock = make(chan struct{}, 1)
	}
	x.lock <- struct{}{}
}

func (x *Pointer[T]) release() { <-x.lock }

func (x *Pointer[T]) Load() *T {
	x.acquire()
	v := x.v
	x.release()
	return v
}

func (x *Pointer[T]) Store(val *T) {
	x.acquire()
	x.v = val
	x.release()
}

func (x *Pointer[T]) Swap(new *T) *T {
	x.acquire()
	old := x.v
	x.v = new
	x.release()
	return old
}

func (x *Pointer[T]) CompareAndSwap(old, new *T) bool {
	x.acquire()
	ok := x.v == old
	if ok {
		x.v = new
	}
	x.release()
	return ok
}
