// errgroup with context: a three-stage pipeline where a failing stage cancels the rest.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"golang.org/x/sync/errgroup"
)

type Record struct {
	ID    int
	Value float64
}

var ErrBadRecord = errors.New("bad record")

func run(ctx context.Context, n int, failAt int) ([]Record, error) {
	g, ctx := errgroup.WithContext(ctx)
	ids := make(chan int)
	recs := make(chan Record)
	g.Go(func() error {
		defer close(ids)
		for i := 1; i <= n; i++ {
			select {
			case ids <- i:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	const workers = 3
	done := make(chan struct{})
	var finished int
	for range workers {
		g.Go(func() error {
			defer func() { done <- struct{}{} }()
			for id := range ids {
				if id == failAt {
					return fmt.Errorf("record %d: %w", id, ErrBadRecord)
				}
				select {
				case recs <- Record{id, float64(id) * 1.5}:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	go func() {
		for range workers {
			<-done
			finished++
		}
		close(recs)
	}()
	var out []Record
	for r := range recs {
		out = append(out, r)
	}
	err := g.Wait()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

func main() {
	recs, err := run(context.Background(), 6, -1)
	fmt.Println(len(recs), err, recs[0], recs[len(recs)-1])
	_, err = run(context.Background(), 50, 4)
	fmt.Println(err, errors.Is(err, ErrBadRecord))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = run(ctx, 10, -1)
	fmt.Println(err)
}
