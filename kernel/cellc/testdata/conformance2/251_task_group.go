// Structured concurrency like asyncio.TaskGroup: child tasks belong to a
// group; when one fails, the group cancels its siblings and reports every
// failure together (an ExceptionGroup), and groups nest.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

type TaskGroup struct {
	name   string
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	errs   []error
}

func NewGroup(parent context.Context, name string) *TaskGroup {
	ctx, cancel := context.WithCancelCause(parent)
	return &TaskGroup{name: name, ctx: ctx, cancel: cancel}
}

func (g *TaskGroup) CreateTask(name string, f func(ctx context.Context) error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(g.ctx); err != nil {
			if errors.Is(err, context.Canceled) {
				return // cancelled siblings are not failures
			}
			g.mu.Lock()
			g.errs = append(g.errs, fmt.Errorf("%s/%s: %w", g.name, name, err))
			g.mu.Unlock()
			g.cancel(err)
		}
	}()
}

type ExceptionGroup struct {
	Msg  string
	Errs []error
}

func (e *ExceptionGroup) Error() string {
	parts := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		parts[i] = err.Error()
	}
	return fmt.Sprintf("%s (%d sub-exceptions): %s", e.Msg, len(e.Errs), strings.Join(parts, "; "))
}

func (e *ExceptionGroup) Unwrap() []error { return e.Errs }

func (g *TaskGroup) Wait() error {
	g.wg.Wait()
	g.cancel(nil)
	if len(g.errs) == 0 {
		return nil
	}
	sort.Slice(g.errs, func(i, j int) bool { return g.errs[i].Error() < g.errs[j].Error() })
	return &ExceptionGroup{"unhandled errors in a TaskGroup", g.errs}
}

var ErrValue = errors.New("ValueError")

func main() {
	g := NewGroup(context.Background(), "ok")
	results := make([]int, 3)
	for i := range results {
		g.CreateTask(fmt.Sprint("t", i), func(ctx context.Context) error {
			results[i] = (i + 1) * 10
			return nil
		})
	}
	fmt.Println("all ok:", g.Wait(), results)

	g = NewGroup(context.Background(), "outer")
	var mu sync.Mutex
	var cancelled []string
	gate := make(chan struct{})
	for _, name := range []string{"slow-a", "slow-b"} {
		g.CreateTask(name, func(ctx context.Context) error {
			<-ctx.Done()
			mu.Lock()
			cancelled = append(cancelled, name+" saw: "+context.Cause(ctx).Error())
			mu.Unlock()
			return ctx.Err()
		})
	}
	g.CreateTask("inner-group", func(ctx context.Context) error {
		inner := NewGroup(ctx, "inner")
		inner.CreateTask("parse", func(_ context.Context) error {
			<-gate
			return fmt.Errorf("bad literal: %w", ErrValue)
		})
		inner.CreateTask("load", func(_ context.Context) error {
			<-gate
			return errors.New("file missing")
		})
		close(gate)
		return inner.Wait()
	})
	err := g.Wait()
	fmt.Println(err)
	var eg *ExceptionGroup
	if errors.As(err, &eg) {
		fmt.Println("outer group errors:", len(eg.Errs))
	}
	fmt.Println("contains ValueError:", errors.Is(err, ErrValue))
	sort.Strings(cancelled)
	for _, c := range cancelled {
		fmt.Println(" ", c)
	}
}
