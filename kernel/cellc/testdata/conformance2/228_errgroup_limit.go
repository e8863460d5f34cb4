// A crawler with errgroup: at most two fetches at a time (SetLimit), the
// first error cancels the rest, and TryGo refuses work when full.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

var ErrNotFound = errors.New("not found")

func fetch(ctx context.Context, url string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if strings.HasSuffix(url, "404") {
		return "", fmt.Errorf("%s: %w", url, ErrNotFound)
	}
	return strings.ToUpper(url), nil
}

func main() {
	urls := []string{"a.com", "b.com", "c.com", "d.com", "e.com"}
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(2)
	var running, peak atomic.Int32
	pages := make([]string, len(urls))
	for i, u := range urls {
		g.Go(func() error {
			n := running.Add(1)
			defer running.Add(-1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			p, err := fetch(ctx, u)
			pages[i] = p
			return err
		})
	}
	fmt.Println("wait:", g.Wait(), "pages:", pages, "peak<=2:", peak.Load() <= 2)

	g2, ctx2 := errgroup.WithContext(context.Background())
	var mu sync.Mutex
	var log []string
	gate := make(chan struct{})
	for _, u := range []string{"x.com/404", "y.com", "z.com"} {
		g2.Go(func() error {
			if u != "x.com/404" {
				<-ctx2.Done() // these wait until the failure cancels them
				mu.Lock()
				log = append(log, u+": "+context.Cause(ctx2).Error())
				mu.Unlock()
				return ctx2.Err()
			}
			<-gate
			_, err := fetch(ctx2, u)
			return err
		})
	}
	close(gate)
	err := g2.Wait()
	sort.Strings(log)
	fmt.Println("first error:", err, "| not found:", errors.Is(err, ErrNotFound))
	fmt.Println(strings.Join(log, "\n"))

	var g3 errgroup.Group
	g3.SetLimit(1)
	block := make(chan struct{})
	fmt.Println("TryGo 1:", g3.TryGo(func() error { <-block; return nil }))
	fmt.Println("TryGo 2:", g3.TryGo(func() error { return nil }))
	close(block)
	fmt.Println("wait:", g3.Wait())
	fmt.Println("TryGo 3:", g3.TryGo(func() error { return errors.New("late") }))
	fmt.Println("wait:", g3.Wait())
}
