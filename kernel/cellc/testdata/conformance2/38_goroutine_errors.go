// Collecting goroutine errors: recover to error, errors.Join, custom error types.
package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

type TaskError struct {
	Task int
	Err  error
}

func (e TaskError) Error() string { return fmt.Sprintf("task %d: %v", e.Task, e.Err) }
func (e TaskError) Unwrap() error { return e.Err }

var ErrBadInput = errors.New("bad input")

func run(task int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = TaskError{task, fmt.Errorf("panic: %v", r)}
		}
	}()
	switch task % 4 {
	case 1:
		return TaskError{task, ErrBadInput}
	case 2:
		var p *TaskError
		_ = p.Task
	case 3:
		panic(fmt.Sprintf("explicit %d", task))
	}
	return nil
}

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(i); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	for _, e := range errs {
		fmt.Println(e)
	}
	joined := errors.Join(errs...)
	fmt.Println("bad input somewhere:", errors.Is(joined, ErrBadInput))
	var te TaskError
	if errors.As(joined, &te) {
		fmt.Println("first task error:", te.Task)
	}
	n := strings.Count(joined.Error(), "\n") + 1
	fmt.Println("lines:", n)
	wrapped := fmt.Errorf("batch failed: %w", joined)
	fmt.Println(errors.Is(wrapped, ErrBadInput), errors.Unwrap(wrapped) == joined)
}
