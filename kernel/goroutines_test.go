package kernel_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

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

// TestDeadlockAfterTimers runs cells in one kernel that start and stop
// timers and tickers: a deadlock is reported within a second once no
// timer is pending, and never while one is.
func TestDeadlockAfterTimers(t *testing.T) {
	t.Parallel()
	const deadlock = "all goroutines are asleep - deadlock!"
	within := time.Second
	if raceEnabled {
		within *= 2 // the race detector slows the worker several times over
	}
	steps := []struct {
		name   string
		code   string
		status kernel.Status
		// deadlock: the cell ends with Go's deadlock error, within.
		deadlock bool
		// stop, when set, interrupts the cell after that long.
		stop time.Duration
		out  string // the cell's stdout, when it ends ok
	}{
		{name: "timer stopped", code: "t := time.NewTimer(time.Hour)\nt.Stop()", status: kernel.StatusOK},
		{name: "deadlock after a stopped timer", code: "select {}", status: kernel.StatusError, deadlock: true},
		{name: "waits for a ticker", code: "tk := time.NewTicker(150 * time.Millisecond)\nfor i := 0; i < 5; i++ {\n\t<-tk.C\n}\ntk.Stop()\nfmt.Print(\"ticked\")",
			status: kernel.StatusOK, out: "ticked"},
		{name: "deadlock after a stopped ticker", code: "ch := make(chan int)\n<-ch", status: kernel.StatusError, deadlock: true},
		{name: "waits for a timer stopped and reset", code: "t.Reset(600 * time.Millisecond)\n<-t.C\nfmt.Print(\"fired\")",
			status: kernel.StatusOK, out: "fired"},
		{name: "deadlock after a stopped AfterFunc", code: "af := time.AfterFunc(time.Hour, func() {})\naf.Stop()\nselect {}", status: kernel.StatusError, deadlock: true},
		{name: "deadlock after a cancelled context deadline", code: "ctx, cancel := context.WithTimeout(context.Background(), time.Hour)\ncancel()\n<-ctx.Done()\nselect {}",
			status: kernel.StatusError, deadlock: true},
		{name: "ticker left running", code: "keep := time.NewTicker(time.Hour)\n_ = keep", status: kernel.StatusOK},
		{name: "no deadlock while a ticker is pending", code: "select {}", status: kernel.StatusInterrupted, stop: 1500 * time.Millisecond},
		{name: "that ticker stopped", code: "keep.Stop()", status: kernel.StatusOK},
		{name: "deadlock once it is stopped", code: "select {}", status: kernel.StatusError, deadlock: true},
	}
	k := startKernel(t, kernel.Config{})
	if res, _ := execute(t, k, prelude); res.Status != kernel.StatusOK {
		t.Fatalf("prelude: %s %+v", res.Status, res.Error)
	}
	for _, st := range steps {
		// A deadlock missed is stopped after 10 s, for the next steps.
		limit := 10 * time.Second
		if st.stop > 0 {
			limit = st.stop
		}
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		var out output
		start := time.Now()
		res, err := k.Execute(ctx, st.code, out.add)
		took := time.Since(start)
		cancel()
		if err != nil {
			t.Fatalf("%s: Execute: %v", st.name, err)
		}
		if res.Status != st.status {
			t.Errorf("%s: status %s (%+v), want %s", st.name, res.Status, res.Error, st.status)
		}
		if st.deadlock {
			if res.Error == nil || res.Error.Message != deadlock {
				t.Errorf("%s: error %+v, want %q", st.name, res.Error, deadlock)
			}
			if took > within {
				t.Errorf("%s: the deadlock was reported after %v, want within %v", st.name, took, within)
			}
		}
		if st.out != "" && out.Stdout() != st.out {
			t.Errorf("%s: stdout %q, want %q", st.name, out.Stdout(), st.out)
		}
		t.Logf("%s: %s in %v", st.name, res.Status, took.Round(time.Millisecond))
	}
}
