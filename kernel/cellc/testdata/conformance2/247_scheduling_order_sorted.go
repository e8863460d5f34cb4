// Goroutines print as they finish, so the line order depends on the
// scheduler; the set of lines does not (compared sorted, see the .sorted
// file). Like tasks in an event loop logging completion.
package main

import (
	"fmt"
	"sync"
	"time"
)

type Task struct {
	Name  string
	Cost  time.Duration
	Steps int
}

func main() {
	tasks := []Task{
		{"resize-images", 2 * time.Millisecond, 3},
		{"send-emails", time.Millisecond, 2},
		{"build-report", 3 * time.Millisecond, 1},
		{"sync-inventory", 0, 4},
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for i, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := 1; s <= t.Steps; s++ {
				time.Sleep(t.Cost)
				fmt.Printf("task %d %-14s step %d/%d\n", i, t.Name, s, t.Steps)
			}
			mu.Lock()
			done++
			mu.Unlock()
			fmt.Printf("task %d %-14s finished\n", i, t.Name)
		}()
	}
	wg.Wait()
	fmt.Println("all", done, "tasks finished")
}
