package kernel_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonote/kernel"
)

// waitFor receives from ch or fails the test after d.
func waitFor[T any](t *testing.T, ch <-chan T, d time.Duration, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("no %s within %v", what, d)
		panic("unreachable")
	}
}

// startCell runs code in k in the background and returns once the cell
// has written its first output, so the caller knows it is running.
func startCell(t *testing.T, ctx context.Context, k *kernel.Kernel, code string) <-chan kernel.Result {
	t.Helper()
	started := make(chan struct{})
	done := make(chan kernel.Result, 1)
	first := true
	go func() {
		res, err := k.Execute(ctx, code, func(kernel.Chunk) {
			if first {
				first = false
				close(started)
			}
		})
		if err != nil {
			res.Status = kernel.Status("machinery error: " + err.Error())
		}
		done <- res
	}()
	select {
	case <-started:
	case res := <-done:
		t.Fatalf("cell ended before it wrote anything: %+v %+v", res, res.Error)
	case <-time.After(30 * time.Second):
		t.Fatalf("cell %q wrote nothing within 30s", code)
	}
	return done
}

func TestExecuteKeepsState(t *testing.T) {
	t.Parallel()
	k := startKernel(t, kernel.Config{})
	execute(t, k, prelude)
	if res, _ := execute(t, k, `x := 41`); res.Status != kernel.StatusOK {
		t.Fatalf("x := 41: %s %+v", res.Status, res.Error)
	}
	res, out := execute(t, k, `fmt.Println("x+1 =", x+1)`)
	if res.Status != kernel.StatusOK || out.Stdout() != "x+1 = 42\n" {
		t.Errorf("second cell: status %q, stdout %q; want ok, %q", res.Status, out.Stdout(), "x+1 = 42\n")
	}
	if res.ExecutionCount != 3 {
		t.Errorf("ExecutionCount = %d, want 3", res.ExecutionCount)
	}
	if s := k.State(); s != kernel.StateIdle {
		t.Errorf("State() = %q after a cell, want idle", s)
	}
}

// TestInterrupt interrupts a cell blocked in each way a cell can block;
// each must stop within 1.5 s, by cancellation, keeping the variables.
func TestInterrupt(t *testing.T) {
	tests := []struct {
		name  string
		setup string // run first, in its own cell
		code  string // prints, then blocks
	}{
		{"busy loop", "", `fmt.Println("go"); for {}`},
		{"native sleep", "", `fmt.Println("go"); time.Sleep(time.Hour)`},
		{"channel receive", "", `fmt.Println("go"); ch := make(chan int); <-ch`},
		{"channel send", "", `fmt.Println("go"); ch := make(chan int); ch <- 1`},
		{"select", "", `fmt.Println("go"); a, b := make(chan int), make(chan int); select { case <-a: case b <- 1: }`},
		{"mutex", "", `fmt.Println("go"); mu := new(sync.Mutex); mu.Lock(); mu.Lock()`},
		{"WaitGroup", "", `fmt.Println("go"); wg := new(sync.WaitGroup); wg.Add(1); wg.Wait()`},
		{"spinning goroutine from an earlier cell", `go func() { n := 0; for { n++ } }()`, `fmt.Println("go"); select {}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k := startKernel(t, kernel.Config{})
			execute(t, k, prelude)
			// A goroutine asleep for an hour keeps the deadlock detector
			// from ending the blocked cells before the interrupt does.
			execute(t, k, `kept := "still here"; go func() { time.Sleep(time.Hour) }()`)
			if tt.setup != "" {
				if res, _ := execute(t, k, tt.setup); res.Status != kernel.StatusOK {
					t.Fatalf("setup: %s %+v", res.Status, res.Error)
				}
			}
			done := startCell(t, context.Background(), k, tt.code)
			start := time.Now()
			if err := k.Interrupt(context.Background()); err != nil {
				t.Fatalf("Interrupt: %v", err)
			}
			res := waitFor(t, done, 10*time.Second, "result after Interrupt")
			if took := time.Since(start); took > 1500*time.Millisecond {
				t.Errorf("the cell stopped %v after Interrupt, want within 1.5s", took)
			}
			// Cancellation or, on a slow machine, the signal rung: either
			// way the session and its variables remain.
			if res.Status != kernel.StatusInterrupted || !strings.HasPrefix(res.Note, kernel.NoteInterrupted) || res.Note == kernel.NoteRestarted {
				t.Errorf("result: status %q, note %q; want %q, %q", res.Status, res.Note, kernel.StatusInterrupted, kernel.NoteInterrupted)
			}
			next, out := execute(t, k, `fmt.Println(kept)`)
			if next.Status != kernel.StatusOK || out.Stdout() != "still here\n" {
				t.Errorf("next cell: %s %q %+v, want ok and the variable kept", next.Status, out.Stdout(), next.Error)
			}
		})
	}
}

// TestInterruptByContext stops a running cell by cancelling Execute's ctx.
func TestInterruptByContext(t *testing.T) {
	t.Parallel()
	k := startKernel(t, kernel.Config{})
	execute(t, k, prelude)
	ctx, cancel := context.WithCancel(context.Background())
	done := startCell(t, ctx, k, `fmt.Println("go"); time.Sleep(time.Hour)`)
	start := time.Now()
	cancel()
	res := waitFor(t, done, 10*time.Second, "result after cancel")
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("the cell stopped %v after cancel, want within 1.5s", took)
	}
	if res.Status != kernel.StatusInterrupted {
		t.Errorf("status %q, want interrupted", res.Status)
	}
}

// TestInterruptKills covers the last rung: a worker whose engine ignores
// cancellation is killed after the grace period and replaced.
func TestInterruptKills(t *testing.T) {
	t.Parallel()
	k := startKernel(t, kernel.Config{Env: []string{deafEnv + "=1"}, InterruptGrace: 400 * time.Millisecond})
	execute(t, k, prelude)
	execute(t, k, `kept := 1`)
	pid := k.PID()
	done := startCell(t, context.Background(), k, `fmt.Println("go"); time.Sleep(time.Hour)`)
	start := time.Now()
	if err := k.Interrupt(context.Background()); err != nil {
		t.Fatalf("Interrupt: %v", err)
	}
	res := waitFor(t, done, 10*time.Second, "result after Interrupt")
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("the cell stopped %v after Interrupt, want within 1.5s", took)
	}
	if res.Status != kernel.StatusInterrupted || res.Note != kernel.NoteRestarted {
		t.Errorf("result: status %q, note %q; want %q, %q", res.Status, res.Note, kernel.StatusInterrupted, kernel.NoteRestarted)
	}
	next, _ := execute(t, k, `println(kept)`)
	if next.Status != kernel.StatusError || next.Error == nil || !strings.Contains(next.Error.Message, "undefined") {
		t.Errorf("next cell: %s %+v, want an error: the variables were lost", next.Status, next.Error)
	}
	if got := k.PID(); got == pid || got == 0 {
		t.Errorf("PID after the kill = %d, want a fresh worker (was %d)", got, pid)
	}
}

// TestTimeoutKills covers the supervisor's backstop: a cell that ignores
// its deadline is killed after the timeout plus the grace period.
func TestTimeoutKills(t *testing.T) {
	t.Parallel()
	k := startKernel(t, kernel.Config{Env: []string{deafEnv + "=1"}, CellTimeout: 300 * time.Millisecond, InterruptGrace: 300 * time.Millisecond})
	execute(t, k, prelude)
	res, _ := execute(t, k, `time.Sleep(time.Hour)`)
	if res.Status != kernel.StatusTimedOut || res.Note != kernel.NoteTimedOut {
		t.Errorf("result: status %q, note %q; want %q, %q", res.Status, res.Note, kernel.StatusTimedOut, kernel.NoteTimedOut)
	}
	if next, _ := execute(t, k, `println(1)`); next.Status != kernel.StatusOK {
		t.Errorf("next cell: %s %+v, want ok", next.Status, next.Error)
	}
}

func TestQueueOrderAndCancel(t *testing.T) {
	t.Parallel()
	k := startKernel(t, kernel.Config{})
	execute(t, k, prelude)
	execute(t, k, `order := ""; gate := make(chan bool); go func() { time.Sleep(time.Hour) }()`)
	first := startCell(t, context.Background(), k, `fmt.Println("first"); <-gate; order += "1"`)

	type outcome struct {
		res kernel.Result
		err error
	}
	run := func(ctx context.Context, code string) <-chan outcome {
		ch := make(chan outcome, 1)
		go func() {
			res, err := k.Execute(ctx, code, nil)
			ch <- outcome{res, err}
		}()
		return ch
	}
	waitQueued := func(n int) {
		deadline := time.Now().Add(10 * time.Second)
		for k.Queued() != n {
			if time.Now().After(deadline) {
				t.Fatalf("Queued() = %d, want %d", k.Queued(), n)
			}
			time.Sleep(time.Millisecond) // polling a counter, not synchronising on time
		}
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	second := run(ctx2, `order += "2"`)
	waitQueued(1)
	third := run(context.Background(), `order += "3"`)
	waitQueued(2)
	fourth := run(context.Background(), `order += "4"`)
	waitQueued(3)

	cancel2()
	got := waitFor(t, second, 10*time.Second, "cancelled queued cell")
	if got.err != nil || got.res.Status != kernel.StatusInterrupted || got.res.Note != kernel.NoteQueued {
		t.Errorf("cancelled queued cell: %+v, %v; want interrupted, note %q", got.res, got.err, kernel.NoteQueued)
	}
	if k.State() != kernel.StateBusy {
		t.Errorf("State() = %q while a cell runs, want busy", k.State())
	}
	if err := k.Interrupt(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := waitFor(t, first, 10*time.Second, "first cell"); r.Status != kernel.StatusInterrupted {
		t.Errorf("first cell: %s, want interrupted", r.Status)
	}
	for i, ch := range []<-chan outcome{third, fourth} {
		if o := waitFor(t, ch, 10*time.Second, "queued cell"); o.err != nil || o.res.Status != kernel.StatusOK {
			t.Errorf("queued cell %d: %+v %v", i+3, o.res, o.err)
		}
	}
	res, out := execute(t, k, `fmt.Print(order)`)
	if res.Status != kernel.StatusOK || out.Stdout() != "34" {
		t.Errorf("order = %q, want %q: the cancelled cell never ran, the others ran in order", out.Stdout(), "34")
	}
}

func TestLateOutput(t *testing.T) {
	t.Parallel()
	late := make(chan kernel.Chunk, 16)
	k := startKernel(t, kernel.Config{Late: func(c kernel.Chunk) { late <- c }})
	execute(t, k, prelude)
	res, out := execute(t, k, `go func() { time.Sleep(200 * time.Millisecond); fmt.Println("late line") }(); fmt.Println("on time")`)
	if out.Stdout() != "on time\n" {
		t.Errorf("cell output %q, want %q", out.Stdout(), "on time\n")
	}
	if res.GoroutinesLeft != 1 || !strings.Contains(res.Goroutines, "1 sleeping") {
		t.Errorf("goroutines left %d %q, want 1 sleeping", res.GoroutinesLeft, res.Goroutines)
	}
	owner := res.ExecutionCount
	c := waitFor(t, late, 10*time.Second, "late output")
	if !c.Late || c.Text != "late line\n" || c.Cell != owner {
		t.Errorf("late chunk %+v, want Late, %q, Cell %d", c, "late line\n", owner)
	}
}

// TestDeathBetweenCells: a goroutine left running crashes the worker
// after its cell ended; the death is reported as late output and the
// next cell runs in a fresh worker, saying so.
func TestDeathBetweenCells(t *testing.T) {
	t.Parallel()
	late := make(chan kernel.Chunk, 16)
	k := startKernel(t, kernel.Config{Late: func(c kernel.Chunk) { late <- c }})
	execute(t, k, prelude)
	pid := k.PID()
	execute(t, k, `m := map[int]int{}
go func() {
	time.Sleep(200 * time.Millisecond)
	for i := 0; i < 4; i++ {
		go func() {
			for j := 0; ; j++ {
				m[j%64] = j
			}
		}()
	}
}()`)
	for {
		c := waitFor(t, late, 10*time.Second, "death notice")
		if strings.Contains(c.Text, "kernel died") {
			if !strings.Contains(c.Text, "concurrent map writes") {
				t.Errorf("death notice %q, want the runtime's reason", c.Text)
			}
			break
		}
	}
	if s := k.State(); s != kernel.StateDead {
		t.Errorf("State() = %q after the worker died, want dead", s)
	}
	res, _ := execute(t, k, `println("fresh")`)
	if res.Status != kernel.StatusOK || !strings.Contains(res.Note, "restarted") || k.PID() == pid {
		t.Errorf("next cell: %s note %q pid %d (was %d); want ok in a fresh worker, saying so", res.Status, res.Note, k.PID(), pid)
	}
}

func TestRestart(t *testing.T) {
	t.Parallel()
	k := startKernel(t, kernel.Config{})
	execute(t, k, prelude)
	execute(t, k, `x := 1; go func() { time.Sleep(time.Hour) }()`)
	done := startCell(t, context.Background(), k, `fmt.Println("go"); time.Sleep(time.Hour)`)
	if err := k.Restart(context.Background()); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	res := waitFor(t, done, 10*time.Second, "result of the running cell")
	if res.Status != kernel.StatusInterrupted || res.Note != kernel.NoteRestarted {
		t.Errorf("running cell: %q %q, want interrupted, %q", res.Status, res.Note, kernel.NoteRestarted)
	}
	next, _ := execute(t, k, `println(x)`)
	if next.Status != kernel.StatusError || next.ExecutionCount != 1 {
		t.Errorf("after Restart: %s count %d, want an error (x is gone) as cell 1", next.Status, next.ExecutionCount)
	}
}

func TestClose(t *testing.T) {
	t.Parallel()
	k := startKernel(t, kernel.Config{})
	execute(t, k, prelude)
	done := startCell(t, context.Background(), k, `fmt.Println("go"); time.Sleep(time.Hour)`)
	if err := k.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	res := waitFor(t, done, 10*time.Second, "result of the running cell")
	if res.Status != kernel.StatusInterrupted {
		t.Errorf("running cell after Close: %q, want interrupted", res.Status)
	}
	if _, err := k.Execute(context.Background(), `1`, nil); !errors.Is(err, kernel.ErrDead) {
		t.Errorf("Execute after Close: %v, want ErrDead", err)
	}
	if s := k.State(); s != kernel.StateDead {
		t.Errorf("State() after Close = %q, want dead", s)
	}
}

func TestManager(t *testing.T) {
	t.Parallel()
	base := testConfig()
	m := kernel.NewManager(kernel.ManagerConfig{Kernel: kernel.Config{Command: base.Command, Env: base.Env}, MaxKernels: 2, IdleTimeout: -1})
	defer m.Close()
	ctx := context.Background()
	id1, _, err := m.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id2, k2, err := m.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.Start(ctx); !errors.Is(err, kernel.ErrLimit) {
		t.Errorf("third Start with MaxKernels 2: %v, want ErrLimit", err)
	}
	if got, err := m.Get(id2); err != nil || got != k2 {
		t.Errorf("Get(%q) = %p, %v; want %p", id2, got, err, k2)
	}
	if l := m.List(); len(l) != 2 {
		t.Errorf("List() has %d kernels, want 2", len(l))
	}
	if err := m.Shutdown(id1); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Get(id1); !errors.Is(err, kernel.ErrNotFound) {
		t.Errorf("Get after Shutdown: %v, want ErrNotFound", err)
	}
	if _, _, err := m.Start(ctx); err != nil {
		t.Errorf("Start after a Shutdown freed a slot: %v", err)
	}
}

func TestManagerIdleTimeout(t *testing.T) {
	t.Parallel()
	base := testConfig()
	m := kernel.NewManager(kernel.ManagerConfig{Kernel: kernel.Config{Command: base.Command, Env: base.Env}, IdleTimeout: 200 * time.Millisecond})
	defer m.Close()
	id, k, err := m.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	used := k.LastUsed()
	deadline := time.Now().Add(10 * time.Second)
	for len(m.List()) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("kernel %s still listed %v after its last use; idle timeout is 200ms", id, time.Since(used))
		}
		time.Sleep(10 * time.Millisecond) // polling for the reaper, not synchronising on time
	}
	if since := time.Since(used); since < 200*time.Millisecond {
		t.Errorf("kernel shut down %v after its last use, before its idle timeout", since)
	}
	if s := k.State(); s != kernel.StateDead {
		t.Errorf("State() of the reaped kernel = %q, want dead", s)
	}
}

// TestSpares: a kernel handed over from a spare worker runs cells, gets
// its own late output, and the spare is replaced.
func TestSpares(t *testing.T) {
	t.Parallel()
	s := kernel.NewSpares(testConfig(), 1)
	defer s.Close()
	ctx := context.Background()
	if err := s.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	late := make(chan kernel.Chunk, 4)
	k, err := s.Start(ctx, func(c kernel.Chunk) { late <- c })
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	defer k.Close()
	execute(t, k, prelude)
	res, _ := execute(t, k, `go func() { time.Sleep(100 * time.Millisecond); fmt.Println("late from a spare") }()`)
	if res.Status != kernel.StatusOK {
		t.Fatalf("cell: %s %+v", res.Status, res.Error)
	}
	if c := waitFor(t, late, 10*time.Second, "late output"); c.Text != "late from a spare\n" {
		t.Errorf("late chunk %q, want %q", c.Text, "late from a spare\n")
	}
	if err := s.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	k2, err := s.Start(ctx, nil)
	if err != nil {
		t.Fatalf("second Start: %v", err)
	}
	defer k2.Close()
	if k2.PID() == k.PID() || k2.PID() == 0 {
		t.Errorf("second kernel pid %d, first %d: want a different, live worker", k2.PID(), k.PID())
	}
}

// TestOutOfMemory: with no memory limit of its own, a kernel that asks
// for more memory than the machine can map dies with the runtime's
// "out of memory", and the next cell runs in a fresh worker.
func TestOutOfMemory(t *testing.T) {
	t.Parallel()
	k := startKernel(t, kernel.Config{MemoryLimit: -1})
	res, _ := execute(t, k, `b := make([]byte, 1<<46)
b[0] = 1`)
	want := "out of memory"
	if raceEnabled {
		// The race detector's runtime cannot map the memory either, and
		// says so in its own words.
		want = "address space"
	}
	if res.Status != kernel.StatusDied || res.Error == nil || !strings.Contains(res.Error.Message, want) {
		t.Errorf("result %s %+v, want kernel died: %s", res.Status, res.Error, want)
	}
	if next, _ := execute(t, k, `println(1)`); next.Status != kernel.StatusOK || !strings.Contains(next.Note, "restarted") {
		t.Errorf("next cell: %s note %q, want ok in a fresh worker", next.Status, next.Note)
	}
}

// TestOutputBytes checks that output reaches the supervisor as the bytes
// the cell wrote, half a character included, as a program's stdout would.
func TestOutputBytes(t *testing.T) {
	t.Parallel()
	k := startKernel(t, kernel.Config{})
	res, out := execute(t, k, `s := "é"
fmt.Print(s[:1], "|", s[1:])`)
	if res.Status != kernel.StatusOK {
		t.Fatalf("cell: %s %+v", res.Status, res.Error)
	}
	if got, want := out.Stdout(), "\xc3|\xa9"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

// TestRawWrites: writes straight to the worker's fd 1 and fd 2, bypassing
// every writer the engine installs, still reach the person running the
// cell and never the protocol.
func TestRawWrites(t *testing.T) {
	t.Parallel()
	late := make(chan kernel.Chunk, 16)
	k := startKernel(t, kernel.Config{Late: func(c kernel.Chunk) { late <- c }})
	execute(t, k, prelude)
	res, out := execute(t, k, `os.NewFile(1, "fd1").WriteString("raw out\n")
os.NewFile(2, "fd2").WriteString("raw err\n")`)
	if res.Status != kernel.StatusOK {
		t.Fatalf("cell: %s %+v", res.Status, res.Error)
	}
	if out.Stdout() != "raw out\n" {
		t.Errorf("stdout %q, want %q: fd 1 is synced with the cell's end", out.Stdout(), "raw out\n")
	}
	// fd 2 reaches the supervisor on its own path, so its text may come
	// just after the result, as late output.
	got := out.Stderr()
	for !strings.Contains(got, "raw err") {
		c := waitFor(t, late, 10*time.Second, "raw stderr")
		got += c.Text
	}
	if next, _ := execute(t, k, `println("still talking")`); next.Status != kernel.StatusOK {
		t.Errorf("next cell: %s %+v, want ok", next.Status, next.Error)
	}
}

// TestWorkerGOGC: a worker starts with its collector off, then runs its
// cells with the GOGC it was given.
func TestWorkerGOGC(t *testing.T) {
	t.Parallel()
	inherited := os.Getenv("GOGC")
	cases := []struct {
		env       []string
		collected bool
	}{
		{nil, inherited != "off"},
		{[]string{"GOGC=150"}, true},
		{[]string{"GOGC=off"}, false},
	}
	for _, c := range cases {
		name := "inherited"
		if c.env != nil {
			name = c.env[0]
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			k := startKernel(t, kernel.Config{Env: c.env})
			res, out := execute(t, k, `import "runtime"
var ms runtime.MemStats
runtime.ReadMemStats(&ms)
before := ms.NumGC
var sink []byte
for i := 0; i < 256; i++ {
	sink = make([]byte, 1<<20)
}
_ = sink
runtime.ReadMemStats(&ms)
fmt.Print(ms.NumGC > before)`)
			if res.Status != kernel.StatusOK {
				t.Fatalf("cell: %s %+v", res.Status, res.Error)
			}
			if got, want := out.Stdout(), strconv.FormatBool(c.collected); got != want {
				t.Errorf("collected while allocating 256 MB: %s, want %s", got, want)
			}
		})
	}
}
