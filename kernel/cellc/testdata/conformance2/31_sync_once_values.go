// sync.OnceValue/OnceValues with goroutines, and a singleflight-like dedup.
package main

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

type Config struct {
	Env   string
	Debug bool
}

type call struct {
	wg  sync.WaitGroup
	val string
	err error
}

type Group struct {
	mu sync.Mutex
	m  map[string]*call
}

func (g *Group) Do(key string, fn func() (string, error)) (string, error, bool) {
	g.mu.Lock()
	if g.m == nil {
		g.m = map[string]*call{}
	}
	if c, ok := g.m[key]; ok {
		g.mu.Unlock()
		c.wg.Wait()
		return c.val, c.err, true
	}
	c := &call{}
	c.wg.Add(1)
	g.m[key] = c
	g.mu.Unlock()
	c.val, c.err = fn()
	c.wg.Done()
	return c.val, c.err, false
}

func main() {
	var loads atomic.Int32
	getConfig := sync.OnceValue(func() *Config {
		loads.Add(1)
		return &Config{Env: "prod"}
	})
	var wg sync.WaitGroup
	ptrs := make([]*Config, 10)
	for i := range ptrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ptrs[i] = getConfig()
		}()
	}
	wg.Wait()
	fmt.Println("loads:", loads.Load(), "same:", ptrs[0] == ptrs[9], *ptrs[3])

	parse := sync.OnceValues(func() (int, error) {
		return 0, errors.New("parse failed")
	})
	for range 2 {
		n, err := parse()
		fmt.Println(n, err)
	}

	var g Group
	var calls atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{})
	var shared atomic.Int32
	results := make([]string, 5)
	go func() {
		v, _, _ := g.Do("user:1", func() (string, error) {
			close(started)
			calls.Add(1)
			<-release
			return "alice", nil
		})
		results[0] = v
	}()
	<-started
	var wg2 sync.WaitGroup
	for i := 1; i < 5; i++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			v, _, sh := g.Do("user:1", func() (string, error) { calls.Add(1); return "other", nil })
			if sh {
				shared.Add(1)
			}
			results[i] = v
		}()
	}
	for {
		g.mu.Lock()
		n := len(g.m)
		g.mu.Unlock()
		if n == 1 {
			break
		}
	}
	close(release)
	wg2.Wait()
	fmt.Println("calls:", calls.Load(), "shared:", shared.Load(), results[1:])
	hello := sync.OnceFunc(func() { fmt.Println("hello once") })
	hello()
	hello()
}
