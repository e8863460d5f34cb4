// run_in_executor: hand CPU-bound work (hashing) to a pool of workers and
// await futures for the results, so the "event loop" keeps serving.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"strings"
	"sync"
)

type Future[T any] struct {
	done chan struct{}
	val  T
	err  error
}

func (f *Future[T]) Result() (T, error) {
	<-f.done
	return f.val, f.err
}

type Executor struct {
	jobs chan func()
	wg   sync.WaitGroup
}

func NewExecutor(workers int) *Executor {
	e := &Executor{jobs: make(chan func())}
	for range workers {
		e.wg.Add(1)
		go func() {
			defer e.wg.Done()
			for job := range e.jobs {
				job()
			}
		}()
	}
	return e
}

func Submit[T any](e *Executor, fn func() (T, error)) *Future[T] {
	f := &Future[T]{done: make(chan struct{})}
	e.jobs <- func() {
		defer close(f.done)
		defer func() {
			if r := recover(); r != nil {
				f.err = fmt.Errorf("worker panicked: %v", r)
			}
		}()
		f.val, f.err = fn()
	}
	return f
}

func (e *Executor) Shutdown() {
	close(e.jobs)
	e.wg.Wait()
}

func stretch(data string, rounds int) [32]byte {
	sum := sha256.Sum256([]byte(data))
	for range rounds {
		sum = sha256.Sum256(sum[:])
	}
	return sum
}

func main() {
	ex := NewExecutor(2)
	inputs := []string{"password1", "hunter2", "correct horse", ""}
	futures := make([]*Future[string], len(inputs))
	for i, in := range inputs {
		futures[i] = Submit(ex, func() (string, error) {
			if in == "" {
				return "", fmt.Errorf("input %d: empty password", i)
			}
			h := stretch(in, 1000)
			return hex.EncodeToString(h[:6]), nil
		})
	}
	// The loop stays responsive while the hashes are computed.
	fmt.Println("loop: serving other requests")
	for i, f := range futures {
		v, err := f.Result()
		fmt.Printf("%-15q -> %-12s err=%v\n", inputs[i], v, err)
	}

	checks := Submit(ex, func() (uint32, error) {
		return crc32.ChecksumIEEE([]byte(strings.Repeat("go", 100))), nil
	})
	boom := Submit(ex, func() (int, error) {
		var arr []int
		return arr[3], nil
	})
	c, _ := checks.Result()
	fmt.Printf("crc32: %08x %d\n", c, c)
	_, err := boom.Result()
	fmt.Println("boom:", err)
	ex.Shutdown()
	fmt.Println("executor shut down")
}
