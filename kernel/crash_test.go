package kernel_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gonote/kernel"
)

// prelude imports what the crash cells use, so they work with or without
// the cell compiler's automatic imports.
const prelude = `import (
	"fmt"
	"log"
	"os"
	"sync"
	"time"
)`

// crashConfig keeps the limits small so each case stops quickly.
func crashConfig() kernel.Config {
	return kernel.Config{
		CellTimeout:    25 * time.Second,
		MemoryLimit:    256 << 20,
		OutputLimit:    64 << 10,
		MaxGoroutines:  2_000,
		InterruptGrace: time.Second,
	}
}

// TestCrashes runs cells that kill, hang, flood or exhaust a kernel. For
// each it checks the status and message, the time it took to stop, that a
// kernel running beside it is untouched, and that the next cell in the
// same kernel works.
func TestCrashes(t *testing.T) {
	// anyOf lists the acceptable statuses: a panic in a goroutine kills
	// the worker, unless the cell compiler recovers it into a cell error.
	died := []kernel.Status{kernel.StatusDied}
	goPanic := []kernel.Status{kernel.StatusDied, kernel.StatusError}
	errored := []kernel.Status{kernel.StatusError}
	timedOut := []kernel.Status{kernel.StatusTimedOut}
	ok := []kernel.Status{kernel.StatusOK}
	const deadlock = "all goroutines are asleep - deadlock!"
	tests := []struct {
		name   string
		code   string
		status []kernel.Status
		msg    string        // substring of Error.Message
		within time.Duration // time to stop
		left   string        // substring of Result.Goroutines
		// timeout, when set, replaces the cell timeout of crashConfig.
		timeout time.Duration
	}{
		{"concurrent map writes", `m := map[int]int{}
for i := 0; i < 4; i++ {
	go func() {
		for j := 0; ; j++ {
			m[j%64] = j
		}
	}()
}
time.Sleep(10 * time.Second)`, died, "concurrent map writes", 5 * time.Second, "", 0},
		{"infinite recursion", `rec := new(func(int) int)
*rec = func(n int) int { return (*rec)(n+1) + 1 }
(*rec)(0)`, died, "stack overflow", 20 * time.Second, "", 0},
		{"select with no cases", `select {}`, errored, deadlock, time.Second, "", 0},
		{"busy loop in a goroutine", `go func() {
	for {
	}
}()`, ok, "", time.Second, "1 running", 0},
		{"a million goroutines", `for i := 0; i < 1000000; i++ {
	go func() { time.Sleep(time.Hour) }()
}`, died, "goroutine limit", 10 * time.Second, "", 0},
		{"10 GB allocation", `b := make([]byte, 10<<30)
b[len(b)-1] = 1`, died, "memory limit", 5 * time.Second, "", 0},
		{"growing allocations", `keep := [][]byte{}
for {
	keep = append(keep, make([]byte, 1<<20))
}`, died, "memory limit", 10 * time.Second, "", 0},
		{"doubling string", `s := "x"
for {
	s += s
}`, died, "memory limit", 20 * time.Second, "", 0},
		{"infinite print loop", `for {
	fmt.Println("spam spam spam spam")
}`, errored, "output limit", 5 * time.Second, "", 0},
		{"infinite stderr loop", `for {
	fmt.Fprintln(os.Stderr, "noise noise noise")
}`, errored, "output limit", 5 * time.Second, "", 0},
		{"raw write loop on fd 1", `f := os.NewFile(1, "raw")
for {
	f.WriteString("raw raw raw raw\n")
}`, errored, "output limit", 5 * time.Second, "", 0},
		{"close of closed channel in a goroutine", `ch := make(chan int)
close(ch)
go func() { close(ch) }()
time.Sleep(10 * time.Second)`, goPanic, "close of closed channel", 5 * time.Second, "", 0},
		{"panic in a goroutine", `go func() { panic("boom") }()
time.Sleep(10 * time.Second)`, goPanic, "boom", 5 * time.Second, "", 0},
		{"nil map write in a goroutine", `go func() {
	var m map[string]int
	m["a"] = 1
}()
time.Sleep(10 * time.Second)`, goPanic, "nil map", 5 * time.Second, "", 0},
		{"division by zero in a goroutine", `go func() {
	zero := 0
	fmt.Println(1 / zero)
}()
time.Sleep(10 * time.Second)`, goPanic, "divide by zero", 5 * time.Second, "", 0},
		{"panic in a deferred function", `f := func() {
	defer func() { panic("in defer") }()
}
f()`, errored, "in defer", 5 * time.Second, "", 0},
		{"os.Exit", `os.Exit(3)`, append(died, kernel.StatusError), "os.Exit(3)", 5 * time.Second, "", 0},
		{"os.Exit in a goroutine", `go func() { os.Exit(4) }()
time.Sleep(10 * time.Second)`, goPanic, "os.Exit(4)", 5 * time.Second, "", 0},
		{"log.Fatal", `log.Fatal("fatal and done")`, append(died, kernel.StatusError), "fatal and done", 5 * time.Second, "", 0},
		{"receive from a nil channel", `ch := (chan int)(nil)
<-ch`, errored, deadlock, time.Second, "", 0},
		{"send with no receiver", `ch := make(chan int)
ch <- 1`, errored, deadlock, time.Second, "", 0},
		{"mutex locked twice", `mu := new(sync.Mutex)
mu.Lock()
mu.Lock()`, errored, deadlock, time.Second, "", 0},
		{"WaitGroup never done", `wg := new(sync.WaitGroup)
wg.Add(1)
wg.Wait()`, errored, deadlock, time.Second, "", 0},
		{"goroutines waiting on each other", `a, b := make(chan int), make(chan int)
go func() { <-a; b <- 1 }()
<-b`, errored, deadlock, time.Second, "", 0},
		{"busy loop", "for {\n}", timedOut, "", 5 * time.Second, "", 2 * time.Second},
		{"long native sleep", `time.Sleep(time.Hour)`, timedOut, "", 5 * time.Second, "", 2 * time.Second},
		{"index out of range", `s := []int{1, 2, 3}
i := 5
fmt.Println(s[i])`, errored, "out of range", 5 * time.Second, "", 0},
		{"leaves blocked goroutines", `ch := make(chan int)
for i := 0; i < 3; i++ {
	go func() { <-ch }()
}
go func() { time.Sleep(time.Hour) }()`, ok, "", 5 * time.Second, "3 blocked on chan receive (started at line 3), 1 sleeping (started at line 5)", 0},
	}

	// The neighbour runs a cell beside every case; its state and process
	// must survive all of them.
	neighbour := startKernel(t, crashConfig())
	if res, _ := execute(t, neighbour, prelude); res.Status != kernel.StatusOK {
		t.Fatalf("neighbour prelude: %+v", res.Error)
	}
	if res, _ := execute(t, neighbour, `nb := 0`); res.Status != kernel.StatusOK {
		t.Fatalf("neighbour setup: %+v", res)
	}
	pid := neighbour.PID()
	var runs sync.WaitGroup
	var mu sync.Mutex
	counted := 0

	t.Run("cases", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				cfg := crashConfig()
				if tt.timeout > 0 {
					cfg.CellTimeout = tt.timeout
				}
				k := startKernel(t, cfg)
				if res, _ := execute(t, k, prelude); res.Status != kernel.StatusOK {
					t.Fatalf("prelude: %+v", res.Error)
				}
				runs.Add(1)
				nbDone := make(chan kernel.Result, 1)
				go func() {
					defer runs.Done()
					res, err := neighbour.Execute(context.Background(), `nb++
time.Sleep(20 * time.Millisecond)`, nil)
					if err != nil {
						res.Status = kernel.Status("error: " + err.Error())
					}
					nbDone <- res
				}()

				start := time.Now()
				res, out := execute(t, k, tt.code)
				took := time.Since(start)
				if !slices.Contains(tt.status, res.Status) {
					t.Errorf("status = %q (%+v), want one of %q", res.Status, res.Error, tt.status)
				}
				if tt.msg != "" && (res.Error == nil || !strings.Contains(res.Error.Message, tt.msg)) {
					t.Errorf("error = %+v, want a message containing %q", res.Error, tt.msg)
				}
				if tt.msg == "output limit" {
					// The output stops at the limit, with a notice.
					total := len(out.Stdout()) + len(out.Stderr())
					if limit := int(cfg.OutputLimit); total > limit+200 || total < limit/2 || !strings.Contains(out.Stderr(), "[output cut") {
						t.Errorf("flood delivered %d bytes (stderr ends %q), want about the limit of %d and a notice", total, tail(out.Stderr()), limit)
					}
				}
				if tt.left != "" && !strings.Contains(res.Goroutines, tt.left) {
					t.Errorf("goroutines = %q, want it to contain %q", res.Goroutines, tt.left)
				}
				within := tt.within
				if raceEnabled {
					// The race detector slows the worker several times
					// over; the bounds hold for real builds.
					within *= 2
				}
				if took > within {
					t.Errorf("the cell took %v to stop, want at most %v", took, within)
				}
				t.Logf("%s in %v: %s", res.Status, took.Round(time.Millisecond), errText(res))

				next, out := execute(t, k, `println("next cell")`)
				if next.Status != kernel.StatusOK || !strings.Contains(out.Stderr(), "next cell") {
					t.Errorf("next cell: status %q, stderr %q, error %+v; want ok and \"next cell\"", next.Status, out.Stderr(), next.Error)
				}
				if res.Status == kernel.StatusDied && !strings.Contains(next.Note, "restarted") {
					t.Errorf("next cell after a death: note %q, want it to say the kernel restarted", next.Note)
				}

				if nb := <-nbDone; nb.Status != kernel.StatusOK {
					t.Errorf("neighbour cell: %q %+v, want ok", nb.Status, nb.Error)
				} else {
					mu.Lock()
					counted++
					mu.Unlock()
				}
			})
		}
	})
	runs.Wait()
	if got := neighbour.PID(); got != pid {
		t.Errorf("neighbour pid = %d, want %d (unchanged)", got, pid)
	}
	res, out := execute(t, neighbour, `println(nb)`)
	if res.Status != kernel.StatusOK || strings.TrimSpace(out.Stderr()) != strconv.Itoa(counted) {
		t.Errorf("neighbour counter = %q (%s), want %d", out.Stderr(), res.Status, counted)
	}
	if len(tests) < 25 {
		t.Errorf("%d crash cases, want at least 25", len(tests))
	}
}

// tail returns the end of s, for messages.
func tail(s string) string {
	if len(s) > 80 {
		return s[len(s)-80:]
	}
	return s
}

func errText(r kernel.Result) string {
	if r.Error == nil {
		return r.Goroutines
	}
	return r.Error.Name + ": " + r.Error.Message
}
