// Package worker is the main loop of a kernel worker process, the role
// "gonote kernel" plays: it reads requests from its supervisor over the
// wire protocol (fd 3 in, fd 4 out), runs each cell in a cell engine, one
// at a time, and sends back output and results.
//
// Besides running cells, the worker guards itself: it captures its own
// fd 1, so that nothing a cell writes can escape or reach the protocol
// pipes, and leaves fd 2 to the supervisor, which reads the runtime's
// crash reports there and forwards the rest to the cell; it enforces the
// memory and goroutine limits, reporting a fatal reason before it exits;
// it detects a session whose goroutines are all blocked (a deadlock) and
// ends the cell with Go's own message; and after each cell it describes
// the goroutines that cell left running.
package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/traefik/yaegi/interp"

	"gonote/internal/gcfloor"
	"gonote/kernel"
	"gonote/kernel/wire"
	celltime "gonote/kernel/worker/time"
)

// EngineOptions is what the worker asks of the cell engine it starts.
type EngineOptions struct {
	// Late receives output written after its cell ended.
	Late func(kernel.Chunk)
	// Extra symbols replace standard ones; the worker uses them to learn
	// about pending timers.
	Extra []interp.Exports
	// OutputLimit caps the bytes one cell may write.
	OutputLimit int64
	// Exit, when not nil, is what a cell's os.Exit calls once the engine
	// has delivered the cell's output: it ends the worker.
	Exit func(code int)
}

// Options configure a worker.
type Options struct {
	// New starts the cell engine.
	New func(EngineOptions) (kernel.Runner, error)
	// CaptureStdio redirects the process's fd 1 and 2 into pipes the
	// worker reads; true in a real worker process.
	CaptureStdio bool
}

// Sentinel causes a cell can be cancelled with.
var (
	errDeadlock    = errors.New("all goroutines are asleep - deadlock!")
	errOutputLimit = errors.New("output limit reached")
	errInterrupted = errors.New("interrupted")
)

// Main runs the worker over fd 3 and 4 until its supervisor goes away. It
// is the whole of "gonote kernel".
func Main(ctx context.Context, opts Options) error {
	if err := traceLabels(); err != nil {
		return fmt.Errorf("kernel worker: %w", err)
	}
	in := os.NewFile(3, "from-supervisor")
	out := os.NewFile(4, "to-supervisor")
	if in == nil || out == nil {
		return errors.New("kernel worker: fd 3 and 4 must be the supervisor's pipes; the worker is started by gonote, not by hand")
	}
	opts.CaptureStdio = true
	return Run(ctx, in, out, opts)
}

// worker is the state of one worker process.
type worker struct {
	conn   *wire.Conn
	cfg    wire.Config
	engine kernel.Runner
	timers *celltime.Tracker
	gs     *goroutines

	turn    sync.Mutex     // held while a cell runs: cells run one at a time, in order
	serving sync.WaitGroup // the serve loops

	mu      sync.Mutex
	cur     *cell       // the running cell, if any
	count   int         // execution count of the last cell
	written int64       // bytes of output of the running cell
	cut     bool        // the running cell's output reached the limit
	alarm   *time.Timer // runs ring; see there
	alarmAt time.Time   // when alarm rings; zero when it may not be armed

	stdout *stdout // the capture of fd 1, when CaptureStdio
}

// cell is a running cell.
type cell struct {
	id     uint64
	count  int
	start  time.Time
	cancel context.CancelCauseFunc

	// The cell's events, which ring runs when they are due; worker.mu
	// guards them. Each runs at most once, and none after finished.
	handOverAt time.Time // a fresh serve loop takes over the request pipe
	detectAt   time.Time // the deadlock detector starts
	deadline   time.Time // the cell is cancelled as timed out; zero: never
	handedOver bool
	detecting  bool
	expired    bool
	finished   bool
	stopDetect chan struct{} // made when the detector starts
	detectDone chan struct{}
	deadlock   []string // the detector's report, once detectDone is closed
}

// handOverAfter is how long a cell runs before a fresh serve loop takes
// over reading requests, so that an interrupt reaches it: the loop that
// read a cell runs it, so that a quick cell costs no goroutine switch,
// and reads nothing more until the cell ends.
const handOverAfter = 10 * time.Millisecond

// next returns when the cell's next pending event is due; zero if none is.
func (c *cell) next() time.Time {
	if c.finished {
		return time.Time{}
	}
	var at time.Time
	for _, e := range [...]struct {
		at   time.Time
		done bool
	}{{c.handOverAt, c.handedOver}, {c.detectAt, c.detecting}, {c.deadline, c.expired}} {
		if !e.done && !e.at.IsZero() && (at.IsZero() || e.at.Before(at)) {
			at = e.at
		}
	}
	return at
}

// Run serves one supervisor over r and w until r ends.
func Run(ctx context.Context, r io.Reader, w io.Writer, opts Options) error {
	conn := wire.NewConn(r, w)
	var m wire.Message
	if err := conn.Recv(&m); err != nil {
		return fmt.Errorf("kernel worker: read config: %w", err)
	}
	if m.Kind != wire.KindConfig || m.Config == nil {
		return fmt.Errorf("kernel worker: first message is %q, want config", m.Kind)
	}
	wk := &worker{conn: conn, cfg: *m.Config, timers: celltime.NewTracker(), gs: newGoroutines()}
	if wk.cfg.MemoryLimit > 0 {
		// No debug.SetMemoryLimit: near a soft limit the collector
		// runs without pause and a growing cell crawls for many seconds
		// before it reaches the hard limit that the watchdog enforces.
		// A runaway recursion should hit the stack limit well before
		// the memory limit, and quickly.
		debug.SetMaxStack(int(min(max(wk.cfg.MemoryLimit/8, 16<<20), 1<<30)))
	}
	if opts.CaptureStdio {
		if err := wk.captureStdio(); err != nil {
			return fmt.Errorf("kernel worker: %w", err)
		}
	}
	eo := EngineOptions{
		Late:        wk.late,
		Extra:       []interp.Exports{wk.timers.Exports()},
		OutputLimit: wk.cfg.OutputLimit,
	}
	if wk.cfg.ProgramExit {
		eo.Exit = wk.exit
	}
	eng, err := opts.New(eo)
	if err != nil {
		return fmt.Errorf("kernel worker: start engine: %w", err)
	}
	wk.engine = eng
	defer eng.Close()
	restoreGOGC()
	// Pace the collector for a small, busy heap: see gcfloor.
	defer gcfloor.Start(gcfloor.Kernel).Stop()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)
	wg.Add(1)
	go func() {
		defer wg.Done()
		wk.watch(stop)
	}()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-sigs:
				wk.interrupt(0)
			}
		}
	}()

	if err := conn.Send(&wire.Message{Kind: wire.KindReady, PID: os.Getpid()}); err != nil {
		return fmt.Errorf("kernel worker: %w", err)
	}

	// One timer serves every cell's events: arming a timer wakes a
	// thread, which a quick cell should not pay for. While cells keep
	// coming it stays armed and rings every handOverAfter or so.
	wk.alarm = time.AfterFunc(time.Hour, func() { wk.ring(ctx) })
	wk.alarm.Stop()
	defer wk.alarm.Stop()
	// The first serve loop gets a goroutine of its own, as every later
	// one does: a cell runs on the loop that read it, and a cell that calls
	// runtime.Goexit ends that goroutine, which must not be this one.
	wk.serving.Add(1)
	go func() {
		// Starting the engine left a few MB of garbage, collected by
		// none since the worker started with its collector off. Collect
		// it and return it to the system before idling, since an idle
		// kernel's footprint is what limits how many kernels a machine
		// holds. This takes 4 ms, a tenth of a start, so it comes after
		// saying ready: a kernel is usually started well before its
		// first cell (see Spares), which waits for it otherwise.
		debug.FreeOSMemory()
		wk.serve(ctx)
	}()
	wk.serving.Wait()
	return nil
}

// restoreGOGC gives a worker started with its collector off (see
// wire.EnvGOGC) the GOGC it was meant to have, in the environment its cells
// see and in the runtime.
func restoreGOGC() {
	v, ok := os.LookupEnv(wire.EnvGOGC)
	if !ok {
		return
	}
	os.Unsetenv(wire.EnvGOGC)
	if v == "" {
		os.Unsetenv("GOGC")
	} else {
		os.Setenv("GOGC", v)
	}
	debug.SetGCPercent(parseGOGC(v))
}

// parseGOGC reads a GOGC value as the runtime does: "off", a percentage,
// or anything else for the default of 100.
func parseGOGC(v string) int {
	if v == "off" {
		return -1
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	return 100
}

// serve owns the request pipe: it acts on interrupts at once and runs each
// execute itself, in the order received. When a cell has run for
// handOverAfter, ring starts a fresh serve loop, which reads the
// requests from then on (and runs the next cell after this one), and this
// one returns once its cell has ended.
//
// A cell that the engine abandons (one still blocked in a compiled call
// well after it was stopped, or one that called runtime.Goexit) keeps
// this loop's goroutine: abandon then stands in for the loop.
func (wk *worker) serve(ctx context.Context) {
	var m wire.Message
	for {
		if err := wk.conn.Recv(&m); err != nil {
			// The supervisor is gone: nothing may outlive it.
			wk.interrupt(0)
			wk.serving.Done()
			return
		}
		switch m.Kind {
		case wire.KindExecute:
			switch wk.run(ctx, &m) {
			case handedOver:
				wk.serving.Done()
				return
			case abandoned:
				return // abandon counted this loop out
			}
		case wire.KindInterrupt:
			wk.interrupt(m.ID)
		}
	}
}

// abandon stands in for the serve loop that ran cell c, which the engine
// left behind: it makes sure a fresh loop reads the requests, and counts
// the old one out.
func (wk *worker) abandon(ctx context.Context, c *cell) {
	wk.mu.Lock()
	if !c.handedOver {
		c.handedOver = true
		wk.serving.Add(1)
		go wk.serve(ctx)
	}
	wk.mu.Unlock()
	wk.serving.Done()
}

// ring runs the running cell's events that are due, and arms the alarm
// for its next one. A cell's events are relative to its start, so while
// quick cells follow each other, the alarm armed for an earlier cell
// rings first, and ring re-arms it for the cell running then.
func (wk *worker) ring(ctx context.Context) {
	wk.mu.Lock()
	wk.alarmAt = time.Time{}
	c := wk.cur
	if c == nil || c.finished {
		wk.mu.Unlock()
		return
	}
	now := time.Now()
	if !c.handedOver && !now.Before(c.handOverAt) {
		c.handedOver = true
		wk.serving.Add(1) // the running serve loop holds the count above 0
		go wk.serve(ctx)
	}
	if !c.detecting && !now.Before(c.detectAt) {
		c.detecting = true
		c.stopDetect, c.detectDone = make(chan struct{}), make(chan struct{})
		go func() {
			defer close(c.detectDone)
			if report := wk.gs.watchDeadlock(c.stopDetect, wk.timers, c.count); report != nil {
				c.deadlock = report
				c.cancel(errDeadlock)
			}
		}()
	}
	expire := !c.expired && !c.deadline.IsZero() && !now.Before(c.deadline)
	c.expired = c.expired || expire
	wk.armLocked(c.next())
	wk.mu.Unlock()
	if expire {
		// The engine reports a cell cancelled with this cause as timed out.
		c.cancel(context.DeadlineExceeded)
	}
}

// armLocked makes sure the alarm rings by at; wk.mu is held.
func (wk *worker) armLocked(at time.Time) {
	if at.IsZero() || (!wk.alarmAt.IsZero() && !at.Before(wk.alarmAt)) {
		return
	}
	wk.alarm.Reset(time.Until(at))
	wk.alarmAt = at
}

// goroutineStopper is implemented by an engine that can stop the
// goroutines earlier cells left running without running a cell.
type goroutineStopper interface{ StopGoroutines() }

// interrupt cancels cell id, or the running cell when id is 0. With no
// cell running, it stops leftover goroutines if the engine can.
func (wk *worker) interrupt(id uint64) {
	wk.mu.Lock()
	c := wk.cur
	wk.mu.Unlock()
	if c != nil && (id == 0 || c.id == id) {
		c.cancel(errInterrupted)
		return
	}
	if c == nil && id == 0 {
		if s, ok := wk.engine.(goroutineStopper); ok {
			s.StopGoroutines()
		}
	}
}

// exit ends the worker for a cell's os.Exit(code), once what the cell
// wrote to fd 1 has been sent: the supervisor reports the exit status as
// the reason the kernel died.
func (wk *worker) exit(code int) {
	if wk.stdout != nil {
		wk.stdout.sync()
	}
	os.Exit(code)
}

// ran is how a serve loop goes on after running a cell.
type ran int

const (
	goOn       ran = iota // read the next request
	handedOver            // a fresh serve loop took over the request pipe
	abandoned             // the engine left the cell behind on this goroutine
)

// inlineRunner is an engine that can run a cell on the calling goroutine,
// which is quicker than its Execute; see engine.Session.ExecuteInline.
type inlineRunner interface {
	ExecuteInline(ctx context.Context, code string, out func(kernel.Chunk), abandoned func(kernel.Result)) (kernel.Result, error)
}

// run runs one execute request and sends its result, and says how the
// serve loop that called it goes on.
func (wk *worker) run(ctx context.Context, m *wire.Message) ran {
	wk.turn.Lock()
	cctx, cancel := context.WithCancelCause(ctx)
	start := time.Now()
	c := &cell{
		id: m.ID, start: start, cancel: cancel,
		handOverAt: start.Add(handOverAfter),
		// The deadlock detector starts only once the cell has run for
		// a moment, so a quick cell costs no goroutine.
		detectAt: start.Add(deadlockEvery),
	}
	if m.Timeout > 0 {
		c.deadline = start.Add(m.Timeout)
	}
	wk.mu.Lock()
	c.count = wk.count + 1
	wk.cur, wk.written, wk.cut = c, 0, false
	wk.armLocked(c.next())
	wk.mu.Unlock()

	id := m.ID
	before, count := wk.gs.begin()
	out := func(ch kernel.Chunk) { wk.output(c, ch) }
	ie, ok := wk.engine.(inlineRunner)
	if !ok {
		res, err := wk.engine.Execute(cctx, m.Code, out)
		return wk.finish(cctx, c, id, before, count, res, err)
	}
	res, err := ie.ExecuteInline(cctx, m.Code, out, func(res kernel.Result) {
		wk.abandon(ctx, c)
		wk.finish(cctx, c, id, before, count, res, nil)
	})
	if errors.Is(err, kernel.ErrAbandoned) {
		return abandoned
	}
	return wk.finish(cctx, c, id, before, count, res, err)
}

// finish ends cell c, which request id ran with context cctx, once the
// engine has given its result, sends the result and ends the cell's turn.
// before and count are what goroutines.begin returned as it started.
func (wk *worker) finish(cctx context.Context, c *cell, id uint64, before map[int]bool, count int, res kernel.Result, err error) ran {
	defer wk.turn.Unlock()
	defer c.cancel(nil)
	wk.mu.Lock()
	c.finished = true
	detecting := c.detecting
	wk.mu.Unlock()
	if detecting {
		close(c.stopDetect)
		<-c.detectDone
	}
	wk.checkLimits()
	if wk.stdout != nil {
		wk.stdout.sync()
	}
	wk.mu.Lock()
	wk.cur = nil
	how := goOn
	if c.handedOver {
		how = handedOver
	}
	wk.mu.Unlock()
	if err != nil {
		res = kernel.Result{Status: kernel.StatusError, ExecutionCount: c.count, Error: &kernel.CellError{Name: "kernel error", Message: err.Error()}}
	}
	switch cause := context.Cause(cctx); {
	case errors.Is(cause, errDeadlock):
		res.Status = kernel.StatusError
		res.Error = &kernel.CellError{Name: "fatal error", Message: errDeadlock.Error(), Traceback: c.deadlock}
	case errors.Is(cause, errOutputLimit):
		res.Status = kernel.StatusError
		res.Error = &kernel.CellError{
			Name:    "output limit",
			Message: fmt.Sprintf("the cell wrote more than the output limit of %s, so it was stopped", bytesString(wk.cfg.OutputLimit)),
		}
	}
	// The worker's description says what each goroutine is doing; the
	// engine's, when the worker found none, may still count goroutines
	// the stack dumps cannot tell apart.
	if left, desc := wk.gs.left(before, count, res.ExecutionCount); desc != "" {
		res.GoroutinesLeft, res.Goroutines = left, desc
	}
	wk.mu.Lock()
	if res.ExecutionCount > 0 {
		wk.count = res.ExecutionCount
	}
	wk.mu.Unlock()
	body, err := json.Marshal(res)
	if err != nil {
		body, _ = json.Marshal(kernel.Result{Status: kernel.StatusError, ExecutionCount: res.ExecutionCount, Error: &kernel.CellError{Name: "kernel error", Message: err.Error()}})
	}
	_ = wk.conn.Send(&wire.Message{Kind: wire.KindResult, ID: id, Result: body})
	return how
}

// output sends one chunk of the running cell c. Past the output limit it
// cuts the text, adds a notice, drops the rest and stops the cell:
// output of every route (the engine's writers and raw writes to fd 1)
// counts against the one limit.
func (wk *worker) output(c *cell, ch kernel.Chunk) {
	limit := wk.cfg.OutputLimit
	wk.mu.Lock()
	if limit <= 0 {
		wk.mu.Unlock()
		wk.send(c.id, ch)
		return
	}
	if wk.cut {
		wk.mu.Unlock()
		return
	}
	over := wk.written+int64(len(ch.Text)) > limit
	if over {
		n := limit - wk.written
		for n > 0 && !utf8.RuneStart(ch.Text[n]) {
			n-- // never split a character
		}
		ch.Text = ch.Text[:n]
		wk.cut = true
	}
	wk.written += int64(len(ch.Text))
	wk.mu.Unlock()
	if ch.Text != "" {
		wk.send(c.id, ch)
	}
	if over {
		notice := ch
		notice.Stream = kernel.Stderr
		notice.Text = fmt.Sprintf("\n[output cut: the cell wrote more than the output limit of %s, so it was stopped]\n", bytesString(limit))
		wk.send(c.id, notice)
		c.cancel(errOutputLimit)
	}
}

// late sends output written after its cell ended.
func (wk *worker) late(ch kernel.Chunk) {
	ch.Late = true
	wk.send(0, ch)
}

func (wk *worker) send(id uint64, ch kernel.Chunk) {
	_ = wk.conn.Send(&wire.Message{Kind: wire.KindOutput, ID: id, Chunk: wire.Chunk(ch)})
}

// fatal tells the supervisor why the worker is about to die, and dies.
func (wk *worker) fatal(reason string) {
	_ = wk.conn.Send(&wire.Message{Kind: wire.KindFatal, Reason: reason})
	os.Exit(2)
}

// bytesString formats n bytes the way limits are written: 2 MiB, 1 GiB.
func bytesString(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}
