// asyncio.gather(..., return_exceptions=True) in Go: every task runs in its
// own goroutine, a panic becomes that task's error, and results stay in order.
package main

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
)

type Result struct {
	Value int
	Err   error
}

type TaskPanic struct {
	Task  string
	Value any
}

func (p *TaskPanic) Error() string { return fmt.Sprintf("%s panicked: %v", p.Task, p.Value) }

func gather(names []string, tasks map[string]func() int) []Result {
	results := make([]Result, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					results[i].Err = &TaskPanic{Task: name, Value: r}
				}
			}()
			results[i].Value = tasks[name]()
		}()
	}
	wg.Wait()
	return results
}

func main() {
	data := []int{10, 20, 30}
	idx := 5
	var cache map[string]int
	var anything any = "not a number"
	zero := 0
	tasks := map[string]func() int{
		"ok":     func() int { return data[0] + data[2] },
		"index":  func() int { return data[idx] },
		"slice":  func() int { return len(data[1:idx]) },
		"nilmap": func() int { cache["hits"]++; return 1 },
		"assert": func() int { return anything.(int) },
		"divide": func() int { return 100 / zero },
		"custom": func() int { panic(errors.New("disk full")) },
	}
	names := []string{"ok", "index", "slice", "nilmap", "assert", "divide", "custom"}
	for i, r := range gather(names, tasks) {
		if r.Err == nil {
			fmt.Printf("%-7s -> %d\n", names[i], r.Value)
			continue
		}
		var tp *TaskPanic
		if errors.As(r.Err, &tp) {
			_, isRuntime := tp.Value.(runtime.Error)
			fmt.Printf("%-7s -> error: %v (runtime=%t)\n", names[i], r.Err, isRuntime)
		}
	}
}
