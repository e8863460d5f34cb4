// asyncio.Semaphore: limit how many coroutines use a resource at once.
// golang.org/x/sync/semaphore also lets a task take several slots.
package main

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
)

type job struct {
	name   string
	weight int64
}

func main() {
	ctx := context.Background()
	sem := semaphore.NewWeighted(3)
	var inUse, peak atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var finished []string
	jobs := []job{{"small-1", 1}, {"big", 3}, {"small-2", 1}, {"medium", 2}, {"small-3", 1}, {"small-4", 1}}
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := sem.Acquire(ctx, j.weight); err != nil {
				fmt.Println("acquire:", err)
				return
			}
			defer sem.Release(j.weight)
			n := inUse.Add(j.weight)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Millisecond)
			inUse.Add(-j.weight)
			mu.Lock()
			finished = append(finished, fmt.Sprintf("%s(w=%d)", j.name, j.weight))
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Strings(finished)
	fmt.Println("finished:", finished)
	fmt.Println("peak weight in use <= 3:", peak.Load() <= 3, "| in use now:", inUse.Load())

	// TryAcquire never blocks.
	fmt.Println("try 2:", sem.TryAcquire(2))
	fmt.Println("try 2 more:", sem.TryAcquire(2))
	fmt.Println("try 1:", sem.TryAcquire(1))
	sem.Release(3)

	// Acquire gives up when its context ends.
	sem.Acquire(ctx, 3)
	tctx, cancel := context.WithTimeout(ctx, 2*time.Millisecond)
	defer cancel()
	err := sem.Acquire(tctx, 1)
	fmt.Println("blocked acquire:", err)
	sem.Release(3)

	// A channel semaphore does the same for equal weights.
	slots := make(chan struct{}, 2)
	var maxSeen, cur atomic.Int32
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			c := cur.Add(1)
			if c > maxSeen.Load() {
				maxSeen.Store(c)
			}
			_ = i
			time.Sleep(500 * time.Microsecond)
			cur.Add(-1)
			<-slots
		}()
	}
	wg.Wait()
	fmt.Println("channel semaphore max <= 2:", maxSeen.Load() <= 2)
}
