// Concurrency vs parallelism: how many goroutines exist, how many may run
// at once, and yielding with Gosched. Figures that depend on the machine
// are printed as comparisons.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	fmt.Println("NumCPU >= 1:", runtime.NumCPU() >= 1)
	fmt.Println("GOMAXPROCS >= 1:", runtime.GOMAXPROCS(0) >= 1)
	fmt.Println("GOOS set:", runtime.GOOS != "", "version has go:", len(runtime.Version()) > 2)

	base := runtime.NumGoroutine()
	stop := make(chan struct{})
	var started sync.WaitGroup
	for range 10 {
		started.Add(1)
		go func() {
			started.Done()
			<-stop
		}()
	}
	started.Wait()
	fmt.Println("10 more goroutines running:", runtime.NumGoroutine()-base >= 10)
	close(stop)
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	fmt.Println("back to the base count:", runtime.NumGoroutine() <= base)

	// Cooperative yielding: with one P, two loops that Gosched alternate.
	prev := runtime.GOMAXPROCS(1)
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	for _, name := range []string{"A", "B"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 3 {
				mu.Lock()
				order = append(order, fmt.Sprint(name, i))
				mu.Unlock()
				runtime.Gosched()
			}
		}()
	}
	wg.Wait()
	runtime.GOMAXPROCS(prev)
	fmt.Println("steps recorded:", len(order))
	counts := map[byte]int{}
	for _, s := range order {
		counts[s[0]]++
	}
	fmt.Println("per goroutine:", counts['A'], counts['B'])

	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println("heap in use > 0:", m.HeapInuse > 0)
	runtime.GC()
	fmt.Println("GOMAXPROCS restored:", runtime.GOMAXPROCS(0) == prev)
}
