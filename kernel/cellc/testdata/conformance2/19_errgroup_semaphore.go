// golang.org/x/sync errgroup with a limit, and a weighted semaphore.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

type FetchErr struct{ URL string }

func (e *FetchErr) Error() string { return "fetch failed: " + e.URL }

func fetch(ctx context.Context, url string) (int, error) {
	if url == "bad" {
		return 0, &FetchErr{url}
	}
	select {
	case <-time.After(time.Duration(len(url)) * time.Millisecond):
		return len(url), nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func main() {
	urls := []string{"a.com", "bb.org", "ccc.net"}
	sizes := make([]int, len(urls))
	g, ctx := errgroup.WithContext(context.Background())
	for i, u := range urls {
		g.Go(func() error {
			n, err := fetch(ctx, u)
			sizes[i] = n
			return err
		})
	}
	fmt.Println("err:", g.Wait(), "sizes:", sizes)

	g2, ctx2 := errgroup.WithContext(context.Background())
	for _, u := range []string{"slowwwwwwwwwwwwwwwwwwwwwwwwwwwwww", "bad"} {
		g2.Go(func() error {
			_, err := fetch(ctx2, u)
			return err
		})
	}
	err := g2.Wait()
	var fe *FetchErr
	fmt.Println("err:", err, "as FetchErr:", errors.As(err, &fe), "ctx:", ctx2.Err())

	var g3 errgroup.Group
	g3.SetLimit(2)
	var mu sync.Mutex
	running, peak := 0, 0
	for i := range 6 {
		g3.Go(func() error {
			mu.Lock()
			running++
			peak = max(peak, running)
			mu.Unlock()
			time.Sleep(2 * time.Millisecond)
			mu.Lock()
			running--
			mu.Unlock()
			if i == 4 {
				return fmt.Errorf("task %d", i)
			}
			return nil
		})
	}
	fmt.Println("limited:", g3.Wait(), "peak:", peak)
	fmt.Println("TryGo when free:", g3.TryGo(func() error { return nil }))
	g3.Wait()

	sem := semaphore.NewWeighted(3)
	ctx4 := context.Background()
	var wg sync.WaitGroup
	results := make([]string, 4)
	for i, w := range []int64{1, 2, 3, 1} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := sem.Acquire(ctx4, w); err != nil {
				results[i] = "error"
				return
			}
			defer sem.Release(w)
			results[i] = fmt.Sprintf("task%d(w=%d)", i, w)
		}()
	}
	wg.Wait()
	fmt.Println(results)
	fmt.Println("try 3:", sem.TryAcquire(3), "try 1:", sem.TryAcquire(1))
	sem.Release(3)
	tctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	sem.Acquire(tctx, 3)
	fmt.Println("acquire beyond:", sem.Acquire(tctx, 1))
}
