//go:build ignore

// Package iter is the interpreted stand-in for the standard library's iter,
// whose API is generic and so cannot be extracted as compiled symbols.
package iter

// Seq is an iterator over sequences of single values.
type Seq[V any] func(yield func(V) bool)

// Seq2 is an iterator over sequences of pairs of values.
type Seq2[K, V any] func(yield func(K, V) bool)

// Pull turns the push iterator seq into a pull iterator. The iterator runs
// in a goroutine that hands values over one at a time.
func Pull[V any](seq Seq[V]) (func() (V, bool), func()) {
	req := make(chan bool)
	res := make(chan V)
	ended := make(chan struct{})
	started, done, panicked := false, false, false
	var panicValue any
	run := func() {
		defer func() {
			if r := recover(); r != nil {
				panicked, panicValue = true, r
			}
			close(ended)
		}()
		if !<-req {
			return
		}
		seq(func(v V) bool {
			res <- v
			more := <-req // yaegi cannot return a receive directly
			return more
		})
	}
	next := func() (V, bool) {
		var zero V
		if done {
			return zero, false
		}
		if !started {
			started = true
			go run()
		}
		select {
		case req <- true:
		case <-ended:
		}
		select {
		case v := <-res:
			return v, true
		case <-ended:
			done = true
			if panicked {
				panic(panicValue)
			}
			return zero, false
		}
	}
	stop := func() {
		if done {
			return
		}
		done = true
		if !started {
			return
		}
		select {
		case req <- false:
			<-ended
		case <-ended:
		}
		if panicked {
			panic(panicValue)
		}
	}
	return next, stop
}

// Pull2 turns the push iterator seq into a pull iterator over pairs.
func Pull2[K, V any](seq Seq2[K, V]) (func() (K, V, bool), func()) {
	req := make(chan bool)
	resK := make(chan K)
	resV := make(chan V)
	ended := make(chan struct{})
	started, done, panicked := false, false, false
	var panicValue any
	run := func() {
		defer func() {
			if r := recover(); r != nil {
				panicked, panicValue = true, r
			}
			close(ended)
		}()
		if !<-req {
			return
		}
		seq(func(k K, v V) bool {
			resK <- k
			resV <- v
			more := <-req // yaegi cannot return a receive directly
			return more
		})
	}
	next := func() (K, V, bool) {
		var zk K
		var zv V
		if done {
			return zk, zv, false
		}
		if !started {
			started = true
			go run()
		}
		select {
		case req <- true:
		case <-ended:
		}
		select {
		case k := <-resK:
			v := <-resV
			return k, v, true
		case <-ended:
			done = true
			if panicked {
				panic(panicValue)
			}
			return zk, zv, false
		}
	}
	stop := func() {
		if done {
			return
		}
		done = true
		if !started {
			return
		}
		select {
		case req <- false:
			<-ended
		case <-ended:
		}
		if panicked {
			panic(panicValue)
		}
	}
	return next, stop
}
