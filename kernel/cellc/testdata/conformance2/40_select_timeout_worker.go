// A supervised worker: heartbeats, a deadline, restart after a panic.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type Event struct {
	Kind string
	N    int
}

func worker(ctx context.Context, id int, events chan<- Event) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("worker %d crashed: %v", id, r)
		}
	}()
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case events <- Event{"beat", n}:
		}
		if id == 1 && n == 3 {
			panic("boom")
		}
		time.Sleep(time.Millisecond)
	}
}

func supervise(ctx context.Context, restarts int) []string {
	var log []string
	for id := 1; id <= restarts; id++ {
		events := make(chan Event, 100)
		errc := make(chan error, 1)
		wctx, cancel := context.WithTimeout(ctx, 15*time.Millisecond)
		go func() { errc <- worker(wctx, id, events) }()
		err := <-errc
		cancel()
		close(events)
		beats := 0
		for range events {
			beats++
		}
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			log = append(log, fmt.Sprintf("worker %d: deadline after >=3 beats: %v", id, beats >= 3))
		case err != nil:
			log = append(log, fmt.Sprintf("%v after %d beats", err, beats))
		}
	}
	return log
}

func main() {
	for _, l := range supervise(context.Background(), 2) {
		fmt.Println(l)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fmt.Println(supervise(ctx, 1))
}
