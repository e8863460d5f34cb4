// A cache for slow lookups with expiry on an injected clock, and one
// in-flight lookup per key: concurrent callers for a missing key wait for
// the same result.
package main

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

type entry struct {
	val     string
	expires time.Time
}

type call struct {
	done chan struct{}
	val  string
}

type Cache struct {
	mu       sync.Mutex
	now      func() time.Time
	ttl      time.Duration
	data     map[string]entry
	inflight map[string]*call
	lookups  map[string]int
	load     func(string) string
}

func (c *Cache) Get(key string) (string, bool) {
	c.mu.Lock()
	if e, ok := c.data[key]; ok && c.now().Before(e.expires) {
		c.mu.Unlock()
		return e.val, true
	}
	if cl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.val, false
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[key] = cl
	c.lookups[key]++
	c.mu.Unlock()

	cl.val = c.load(key)

	c.mu.Lock()
	c.data[key] = entry{cl.val, c.now().Add(c.ttl)}
	delete(c.inflight, key)
	c.mu.Unlock()
	close(cl.done)
	return cl.val, false
}

func main() {
	clock := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	var clockMu sync.Mutex
	now := func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return clock }
	advance := func(d time.Duration) { clockMu.Lock(); clock = clock.Add(d); clockMu.Unlock() }

	release := make(chan struct{})
	c := &Cache{
		now: now, ttl: time.Minute,
		data: map[string]entry{}, inflight: map[string]*call{}, lookups: map[string]int{},
		load: func(k string) string { <-release; return "profile:" + k },
	}

	var wg sync.WaitGroup
	results := make([]string, 6)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, _ := c.Get([]string{"kim", "lee"}[i%2])
			results[i] = v
		}()
	}
	close(release)
	wg.Wait()
	sort.Strings(results)
	fmt.Println(results)
	fmt.Println("lookups:", c.lookups["kim"] >= 1, c.lookups["lee"] >= 1)

	before := c.lookups["kim"]
	v, hit := c.Get("kim")
	fmt.Println("cached:", v, hit, "new lookups:", c.lookups["kim"]-before)
	advance(59 * time.Second)
	_, hit = c.Get("kim")
	fmt.Println("after 59s hit:", hit)
	advance(2 * time.Second)
	v, hit = c.Get("kim")
	fmt.Println("after 61s hit:", hit, v, "new lookups:", c.lookups["kim"]-before)
	fmt.Println("clock:", now().Format(time.TimeOnly))
}
