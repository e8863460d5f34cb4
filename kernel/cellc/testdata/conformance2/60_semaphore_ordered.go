// asyncio.Semaphore: at most 3 downloads at once, results kept by index.
package main

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type Download struct {
	URL   string
	Bytes int
}

func main() {
	urls := []string{"a.com", "bb.org", "ccc.net", "dddd.io", "e.dev", "ffffff.app", "gg.co"}
	sem := make(chan struct{}, 3)
	results := make([]Download, len(urls))
	var active, peak atomic.Int32
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			n := active.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Duration(5+i%3) * time.Millisecond)
			results[i] = Download{URL: u, Bytes: len(u) * 100}
			active.Add(-1)
		}()
	}
	wg.Wait()
	total := 0
	for i, d := range results {
		fmt.Printf("%d. %-12s %5d bytes %s\n", i+1, d.URL, d.Bytes, strings.Repeat("#", d.Bytes/100))
		total += d.Bytes
	}
	fmt.Println("total:", total)
	fmt.Println("peak concurrency <= 3:", peak.Load() <= 3, "active now:", active.Load())
}
