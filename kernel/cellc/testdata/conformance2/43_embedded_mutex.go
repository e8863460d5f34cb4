// Embedded sync.Mutex and RWMutex, atomic fields in structs, method promotion.
package main

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
)

type SafeMap[K comparable, V any] struct {
	sync.RWMutex
	m map[K]V
}

func NewSafeMap[K comparable, V any]() *SafeMap[K, V] {
	return &SafeMap[K, V]{m: make(map[K]V)}
}

func (s *SafeMap[K, V]) Set(k K, v V) {
	s.Lock()
	defer s.Unlock()
	s.m[k] = v
}

func (s *SafeMap[K, V]) Get(k K) (V, bool) {
	s.RLock()
	defer s.RUnlock()
	v, ok := s.m[k]
	return v, ok
}

func (s *SafeMap[K, V]) Len() int {
	s.RLock()
	defer s.RUnlock()
	return len(s.m)
}

type Counter struct {
	sync.Mutex
	counts map[string]int
	total  atomic.Int64
}

func (c *Counter) Inc(k string) {
	c.Lock()
	c.counts[k]++
	c.Unlock()
	c.total.Add(1)
}

type Stats struct {
	hits, misses atomic.Int32
	name         string
}

func main() {
	sm := NewSafeMap[string, int]()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sm.Set(fmt.Sprintf("k%02d", i%10), i)
		}()
	}
	wg.Wait()
	_, ok := sm.Get("k03")
	fmt.Println("len:", sm.Len(), "has k03:", ok)

	c := &Counter{counts: map[string]int{}}
	words := []string{"a", "b", "a", "c", "a", "b"}
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			c.Inc(w)
		}(w)
	}
	wg.Wait()
	keys := make([]string, 0)
	for k := range c.counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Print(k, "=", c.counts[k], " ")
	}
	fmt.Println("total:", c.total.Load())

	s := &Stats{name: "cache"}
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%3 == 0 {
				s.misses.Add(1)
			} else {
				s.hits.Add(1)
			}
		}()
	}
	wg.Wait()
	fmt.Printf("%s: hits=%d misses=%d\n", s.name, s.hits.Load(), s.misses.Load())
}
