// sync.WaitGroup.Go (Go 1.25), atomic types and a mutex-protected map.
package main

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
)

type Stats struct {
	mu     sync.Mutex
	byKind map[string]int
}

func (s *Stats) Add(kind string) {
	s.mu.Lock()
	s.byKind[kind]++
	s.mu.Unlock()
}

func main() {
	var wg sync.WaitGroup
	var total atomic.Int64
	var maxSeen atomic.Int32
	var flag atomic.Bool
	var last atomic.Value
	st := &Stats{byKind: map[string]int{}}
	for i := range 20 {
		wg.Go(func() {
			total.Add(int64(i))
			for {
				cur := maxSeen.Load()
				if int32(i) <= cur || maxSeen.CompareAndSwap(cur, int32(i)) {
					break
				}
			}
			if i == 13 {
				flag.Store(true)
				last.Store("thirteen")
			}
			if i%3 == 0 {
				st.Add("fizz")
			} else {
				st.Add("other")
			}
		})
	}
	wg.Wait()
	fmt.Println("total:", total.Load(), "max:", maxSeen.Load(), "flag:", flag.Load(), "last:", last.Load())
	keys := make([]string, 0, len(st.byKind))
	for k := range st.byKind {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%s=%d\n", k, st.byKind[k])
	}

	var ptr atomic.Pointer[Stats]
	fmt.Println("nil pointer:", ptr.Load() == nil)
	ptr.Store(st)
	fmt.Println("same:", ptr.Load() == st)
	old := ptr.Swap(&Stats{})
	fmt.Println("swapped old is st:", old == st)

	var u atomic.Uint64
	u.Store(10)
	fmt.Println(u.Add(5), u.Swap(1), u.Load())
	var n int32
	atomic.AddInt32(&n, 7)
	fmt.Println("plain atomic:", atomic.LoadInt32(&n))
}
