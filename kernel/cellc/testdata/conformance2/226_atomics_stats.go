// Request statistics updated by many goroutines without a lock: atomic
// counters, a CAS-maintained maximum, a swapped config pointer and a flag.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Config struct {
	Version int
	Limit   int64
}

type Stats struct {
	requests atomic.Int64
	bytes    atomic.Uint64
	maxLat   atomic.Int64
	closed   atomic.Bool
	config   atomic.Pointer[Config]
	last     atomic.Value
}

func (s *Stats) observe(lat int64, size uint64, path string) bool {
	if s.closed.Load() {
		return false
	}
	s.requests.Add(1)
	s.bytes.Add(size)
	for {
		cur := s.maxLat.Load()
		if lat <= cur || s.maxLat.CompareAndSwap(cur, lat) {
			break
		}
	}
	s.last.Store(path)
	return true
}

func main() {
	var s Stats
	s.config.Store(&Config{Version: 1, Limit: 100})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 125 {
				s.observe(int64((g*131+i*17)%997), uint64(i%10), "/api")
			}
		}()
	}
	wg.Wait()
	fmt.Println("requests:", s.requests.Load())
	fmt.Println("bytes:", s.bytes.Load())
	fmt.Println("max latency:", s.maxLat.Load())
	fmt.Println("last path:", s.last.Load())

	old := s.config.Swap(&Config{Version: 2, Limit: 50})
	fmt.Printf("old config %+v, new %+v\n", *old, *s.config.Load())
	fmt.Println("CAS with stale pointer:", s.config.CompareAndSwap(old, &Config{Version: 3}))

	s.closed.Store(true)
	fmt.Println("observe after close:", s.observe(1, 1, "/late"), "requests:", s.requests.Load())

	var flags atomic.Uint32
	flags.Or(0b0101)
	flags.And(0b0100)
	fmt.Printf("flags: %04b\n", flags.Load())

	var hits int64
	var plain int32
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&hits, 3)
			atomic.CompareAndSwapInt32(&plain, 0, 7)
		}()
	}
	wg.Wait()
	fmt.Println("hits:", atomic.LoadInt64(&hits), "plain:", atomic.LoadInt32(&plain))
	fmt.Println("swap returns old:", atomic.SwapInt64(&hits, 0), "now", hits)
}
