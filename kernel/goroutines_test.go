package kernel_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"gonote/kernel"
)

// spawner is a cell declaring a function whose go statement, at line 2,
// column 2, starts a goroutine that sends on ch.
const spawner = "func spawn(ch chan int) {\n\tgo func() { ch <- 1 }()\n}"

// TestGoroutineReports checks that the goroutines a cell leaves running,
// and those of a deadlock, are reported with the cell lines of the go
// statements that started them. In want, CELL stands for the execution
// count of the setup cell.
func TestGoroutineReports(t *testing.T) {
	tests := []struct {
		name  string
		setup string
		code  string
		// left is the whole of Result.Goroutines; deadlock, when set,
		// has the end of each line of the deadlock's traceback: the
		// cell's own goroutine first, then the others by id.
		left     string
		deadlock []string
	}{
		{
			name: "left running, by line",
			code: "ch := make(chan int)\nfor i := 0; i < 2; i++ {\n\tgo func() { <-ch }()\n}\ngo func() { time.Sleep(time.Hour) }()",
			left: "3 goroutines started by this cell are still running: 2 blocked on chan receive (started at line 3), 1 sleeping (started at line 5)",
		},
		{
			name:  "left running by a function of an earlier cell",
			setup: spawner,
			code:  "spawn(make(chan int))",
			left:  "1 goroutine started by this cell is still running: 1 blocked on chan send (started at cell CELL, line 2)",
		},
		{
			name: "deadlock",
			code: "a := make(chan int)\ngo func() { <-a }()\nb := make(chan int)\n<-b",
			deadlock: []string{
				`the cell itself, blocked on chan receive`,
				`started at line 2:1, blocked on chan receive`,
			},
		},
		{
			name:  "deadlock in a function of an earlier cell",
			setup: spawner,
			code:  "spawn(make(chan int))\nselect {}",
			deadlock: []string{
				`the cell itself, blocked in select`,
				`started at cell CELL, line 2:2, blocked on chan send`,
			},
		},
		{
			name:  "deadlock with a goroutine an earlier cell left",
			setup: "ch := make(chan int)\ngo func() { <-ch }()",
			code:  "select {}",
			deadlock: []string{
				`the cell itself, blocked in select`,
				`started at cell CELL, line 2:1, blocked on chan receive`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k := startKernel(t, kernel.Config{})
			if res, _ := execute(t, k, prelude); res.Status != kernel.StatusOK {
				t.Fatalf("prelude: %s %+v", res.Status, res.Error)
			}
			cell := 0
			if tt.setup != "" {
				res, _ := execute(t, k, tt.setup)
				if res.Status != kernel.StatusOK {
					t.Fatalf("setup: %s %+v", res.Status, res.Error)
				}
				cell = res.ExecutionCount
			}
			res, _ := execute(t, k, tt.code)
			if tt.deadlock == nil {
				want := strings.ReplaceAll(tt.left, "CELL", fmt.Sprint(cell))
				if res.Status != kernel.StatusOK || res.Goroutines != want {
					t.Errorf("status %s, goroutines\n%q, want ok and\n%q", res.Status, res.Goroutines, want)
				}
				return
			}
			if res.Status != kernel.StatusError || res.Error == nil || res.Error.Name != "fatal error" {
				t.Fatalf("status %s, error %+v, want a fatal error", res.Status, res.Error)
			}
			if len(res.Error.Traceback) != len(tt.deadlock) {
				t.Fatalf("traceback %q, want %d lines", res.Error.Traceback, len(tt.deadlock))
			}
			for i, line := range res.Error.Traceback {
				want := strings.ReplaceAll(tt.deadlock[i], "CELL", fmt.Sprint(cell))
				re := regexp.MustCompile(`^goroutine \d+ \[[a-z ()]+\]: ` + regexp.QuoteMeta(want) + `$`)
				if !re.MatchString(line) {
					t.Errorf("traceback line %d = %q, want goroutine N [state]: %s", i, line, want)
				}
			}
		})
	}
}
