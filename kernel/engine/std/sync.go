//go:build ignore

// These are the generic functions of the standard library's sync package.
// The engine serves sync as an interpreted package: generated aliases of
// every compiled symbol, plus this file. Generic bodies here use only
// builtins, their own type parameters and channels, because yaegi resolves
// the names in an instantiated body in the caller's scope.
package sync

func OnceValue[T any](f func() T) func() T {
	first := make(chan struct{}, 1)
	first <- struct{}{}
	ended := make(chan struct{})
	panicked := false
	var panicValue any
	var result T
	return func() T {
		select {
		case <-first:
			func() {
				defer func() {
					if r := recover(); r != nil {
						panicked, panicValue = true, r
					}
					close(ended)
				}()
				result = f()
			}()
		case <-ended:
		}
		<-ended
		if panicked {
			panic(panicValue)
		}
		return result
	}
}

func OnceValues[T1, T2 any](f func() (T1, T2)) func() (T1, T2) {
	first := make(chan struct{}, 1)
	first <- struct{}{}
	ended := make(chan struct{})
	panicked := false
	var panicValue any
	var r1 T1
	var r2 T2
	return func() (T1, T2) {
		select {
		case <-first:
			func() {
				defer func() {
					if r := recover(); r != nil {
						panicked, panicValue = true, r
					}
					close(ended)
				}()
				r1, r2 = f()
			}()
		case <-ended:
		}
		<-ended
		if panicked {
			panic(panicValue)
		}
		return r1, r2
	}
}
