// Async iteration over a paginated API with prefetching: a fetcher runs up
// to N pages ahead of the consumer through a buffered channel, and stops
// early when the consumer has enough.
package main

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
)

type Page struct {
	Number int
	Items  []string
	Next   int // 0: last page
}

var catalog = []string{"americano", "latte", "mocha", "espresso", "cortado", "flat white", "macchiato", "affogato", "ristretto", "lungo"}

func fetchPage(n, size int, fetched *atomic.Int32) Page {
	fetched.Add(1)
	start := (n - 1) * size
	end := min(start+size, len(catalog))
	p := Page{Number: n, Items: catalog[start:end]}
	if end < len(catalog) {
		p.Next = n + 1
	}
	return p
}

func pages(ctx context.Context, size, prefetch int, fetched *atomic.Int32) <-chan Page {
	out := make(chan Page, prefetch)
	go func() {
		defer close(out)
		for n := 1; n != 0; {
			p := fetchPage(n, size, fetched)
			select {
			case out <- p:
			case <-ctx.Done():
				return
			}
			n = p.Next
		}
	}()
	return out
}

func main() {
	var fetched atomic.Int32
	ctx := context.Background()
	var all []string
	for p := range pages(ctx, 3, 2, &fetched) {
		fmt.Printf("page %d: %s\n", p.Number, strings.Join(p.Items, ", "))
		all = append(all, p.Items...)
	}
	fmt.Println("items:", len(all), "pages fetched:", fetched.Load())

	// Stop after the first 4 items; cancelling ends the prefetcher.
	fetched.Store(0)
	ctx2, cancel := context.WithCancel(ctx)
	var first []string
	src := pages(ctx2, 3, 1, &fetched)
	for p := range src {
		for _, it := range p.Items {
			if len(first) < 4 {
				first = append(first, it)
			}
		}
		if len(first) == 4 {
			break
		}
	}
	cancel()
	for range src { // drain so the fetcher has finished
	}
	fmt.Println("first four:", first)
	fmt.Println("fetched at most 4 of 4 pages:", fetched.Load() <= 4, "at least 2:", fetched.Load() >= 2)
}
