// A channel semaphore limiting concurrency, results by index, and a done channel with select.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

type Semaphore chan struct{}

func (s Semaphore) Acquire() { s <- struct{}{} }
func (s Semaphore) Release() { <-s }

type Download struct {
	URL  string
	Size int
	Took time.Duration
}

func fetch(url string) Download {
	time.Sleep(time.Duration(len(url)) * time.Millisecond / 4)
	return Download{URL: url, Size: len(url) * 100}
}

func main() {
	urls := []string{"a.io", "bb.io", "ccc.io", "dddd.io", "eeeee.io", "f.io"}
	sem := make(Semaphore, 2)
	var inFlight, peak atomic.Int32
	results := make([]Download, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem.Acquire()
			defer sem.Release()
			n := inFlight.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			results[i] = fetch(u)
			inFlight.Add(-1)
		}()
	}
	wg.Wait()
	total := 0
	for _, r := range results {
		total += r.Size
		fmt.Printf("%-9s %5d\n", r.URL, r.Size)
	}
	fmt.Println("total:", total, "peak <= 2:", peak.Load() <= 2, "cap:", cap(sem))

	done := make(chan struct{})
	ticks := make(chan int)
	go func() {
		defer close(ticks)
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			case ticks <- i:
			}
		}
	}()
	sum := 0
	for v := range ticks {
		sum += v
		if v == 9 {
			close(done)
			break
		}
	}
	fmt.Println("sum of first ten:", sum)
}
