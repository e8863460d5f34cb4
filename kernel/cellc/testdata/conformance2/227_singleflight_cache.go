// Many coroutines ask for the same slow resource at once; only one request
// should go out. singleflight merges the duplicate calls.
package main

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
)

type Origin struct {
	calls   atomic.Int32
	release chan struct{}
}

func (o *Origin) Fetch(key string) (string, error) {
	o.calls.Add(1)
	<-o.release
	if key == "bad" {
		return "", errors.New("origin: 500")
	}
	return "<" + key + ">", nil
}

func main() {
	origin := &Origin{release: make(chan struct{})}
	var g singleflight.Group
	var wg sync.WaitGroup
	var mu sync.Mutex
	results := map[string][]string{}
	var shared atomic.Int32
	started := make(chan struct{}, 10)

	for i := range 10 {
		key := "home"
		if i%2 == 1 {
			key = "about"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			started <- struct{}{}
			v, err, sh := g.Do(key, func() (any, error) { return origin.Fetch(key) })
			if sh {
				shared.Add(1)
			}
			mu.Lock()
			results[key] = append(results[key], fmt.Sprintf("%v|%v", v, err))
			mu.Unlock()
		}()
	}
	for range 10 {
		<-started
	}
	// Give every caller the chance to join its key's flight before the
	// origin answers: wait until both keys have a call in flight.
	for origin.calls.Load() < 2 {
		time.Sleep(100 * time.Microsecond)
	}
	close(origin.release)
	wg.Wait()
	keys := make([]string, 0, len(results))
	for k := range results {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, len(results[k]), results[k][0])
	}
	fmt.Println("origin calls <= 10:", origin.calls.Load() <= 10, "at least 2:", origin.calls.Load() >= 2)

	// Errors are shared too, and Forget starts a new flight.
	origin2 := &Origin{release: make(chan struct{})}
	close(origin2.release)
	_, err, _ := g.Do("bad", func() (any, error) {
		s, err := origin2.Fetch("bad")
		return s, err
	})
	fmt.Println("error:", err)
	g.Forget("bad")
	ch := g.DoChan("x", func() (any, error) { return origin2.Fetch("x") })
	r := <-ch
	fmt.Println("DoChan:", r.Val, r.Err, r.Shared, "calls:", origin2.calls.Load())
}
