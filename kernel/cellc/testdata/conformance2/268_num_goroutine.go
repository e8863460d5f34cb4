// runtime.NumGoroutine counts the program's own goroutines: main, and
// those it started that are still running, so a leak shows as a count.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// settle waits until n goroutines exist, or a second has gone by.
func settle(n int) int {
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() != n && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	return runtime.NumGoroutine()
}

func main() {
	fmt.Println("at start:", runtime.NumGoroutine())

	release := make(chan struct{})
	var started sync.WaitGroup
	for range 3 {
		started.Add(1)
		go func() {
			started.Done()
			<-release
		}()
	}
	started.Wait()
	fmt.Println("three waiting:", runtime.NumGoroutine())

	close(release)
	fmt.Println("released:", settle(1))

	// A leak: nobody receives from results, so two senders stay blocked.
	results := make(chan int)
	for i := range 3 {
		go func() { results <- i }()
	}
	<-results
	fmt.Println("after one receive:", settle(3))
}
