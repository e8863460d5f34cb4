// sync.Pool, runtime.NumGoroutine around a finished pool, GOMAXPROCS, Gosched.
package main

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"time"
)

var bufPool = sync.Pool{
	New: func() any {
		return new(bytes.Buffer)
	},
}

func render(name string, n int) string {
	b := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(b)
	b.Reset()
	fmt.Fprintf(b, "%s:%d", name, n)
	return b.String()
}

func main() {
	before := runtime.NumGoroutine()
	var wg sync.WaitGroup
	out := make([]string, 5)
	for i := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = render("item", i)
			runtime.Gosched()
		}()
	}
	wg.Wait()
	fmt.Println(out)
	time.Sleep(10 * time.Millisecond)
	fmt.Println("goroutines back to start:", runtime.NumGoroutine() <= before)
	fmt.Println("procs >= 1:", runtime.GOMAXPROCS(0) >= 1, runtime.NumCPU() >= 1)

	done := make(chan struct{})
	var mu sync.Mutex
	order := []int{}
	for i := 0; i < 3; i++ {
		go func(id int) {
			<-done
			mu.Lock()
			order = append(order, id)
			mu.Unlock()
		}(i)
	}
	close(done)
	for {
		mu.Lock()
		n := len(order)
		mu.Unlock()
		if n == 3 {
			break
		}
		runtime.Gosched()
	}
	fmt.Println("all released:", len(order))
}
