package kernel

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"gonote/kernel/wire"
	"gonote/kernel/workerbin"
)

// State is where a kernel is in its life, as the HTTP API reports it.
type State string

// The states of a kernel.
const (
	StateStarting   State = "starting"
	StateIdle       State = "idle"
	StateBusy       State = "busy"
	StateRestarting State = "restarting"
	StateDead       State = "dead"
)

// Default limits, used for zero fields of Config.
const (
	DefaultCellTimeout    = 60 * time.Second
	DefaultMemoryLimit    = 1 << 30
	DefaultOutputLimit    = 2 << 20
	DefaultMaxGoroutines  = 100_000
	DefaultInterruptGrace = time.Second
)

// Notes a Result can carry, for the person running the cell.
const (
	NoteInterrupted = "interrupted"
	NoteRestarted   = "interrupted; kernel restarted, variables lost"
	NoteTimedOut    = "timed out; kernel restarted, variables lost"
	NoteQueued      = "cancelled before it ran"
)

// Config describes how to run a kernel's worker and which limits hold.
// Zero fields take the defaults; a negative limit means no limit.
type Config struct {
	// Command is the worker's argv. The default is the lean worker this
	// binary embeds (see package workerbin), or else this executable,
	// each with the single argument "kernel".
	Command []string
	// Env is added to this process's environment for the worker.
	Env []string
	// CellTimeout is the wall time one cell may run (default 60 s).
	CellTimeout time.Duration
	// MemoryLimit is the most memory, in bytes, one kernel may use
	// (default 1 GiB). Exceeding it ends the worker with a message that
	// names the limit.
	MemoryLimit int64
	// OutputLimit is the most output, in bytes, one cell may write
	// (default 2 MiB). Beyond it the output is cut with a notice and the
	// cell is stopped.
	OutputLimit int64
	// MaxGoroutines is the most goroutines one kernel may hold (default
	// 100,000). Exceeding it ends the worker.
	MaxGoroutines int
	// InterruptGrace is how long a cell has to stop after it was
	// cancelled before its worker is killed (default 1 s).
	InterruptGrace time.Duration
	// Late receives output written after its cell ended, for example by
	// a goroutine the cell left running. It is called from one goroutine
	// at a time. Nil drops late output.
	Late func(Chunk)
	// Sandbox runs each worker in its own Linux namespaces (see package
	// kernel/sandbox): no network, a read-only view of the system, a
	// private /tmp, no other processes visible, no capabilities, and an
	// allow-listed environment plus Env. Start fails if the namespaces
	// cannot be made.
	Sandbox bool
	// ProgramExit makes a cell's os.Exit and log.Fatal end the worker
	// after its output, as they end a Go program: deferred functions do
	// not run, and the cell's status is kernel died, "os.Exit(3)". gonote
	// exec sets it. Without it (the notebook server) they panic instead,
	// so that a cell cannot lose the session's variables.
	ProgramExit bool
	// SandboxHide lists host paths a sandboxed cell must not see even
	// where they lie inside the sandbox's read-only view of the system,
	// such as the notebook folder. The working directory is always
	// hidden.
	SandboxHide []string
}

func (c Config) withDefaults() (Config, error) {
	if len(c.Command) == 0 {
		// The lean worker embedded by make build, else this binary.
		// An embedded worker that cannot be loaded (memfds forbidden to
		// execute, say) only costs the faster start.
		if cmd, err := workerbin.Command(); err == nil && cmd != nil {
			c.Command = cmd
		} else {
			exe, err := os.Executable()
			if err != nil {
				return c, fmt.Errorf("find the worker executable: %w", err)
			}
			c.Command = []string{exe, "kernel"}
		}
	}
	if c.CellTimeout == 0 {
		c.CellTimeout = DefaultCellTimeout
	}
	if c.MemoryLimit == 0 {
		c.MemoryLimit = DefaultMemoryLimit
	}
	if c.OutputLimit == 0 {
		c.OutputLimit = DefaultOutputLimit
	}
	if c.MaxGoroutines == 0 {
		c.MaxGoroutines = DefaultMaxGoroutines
	}
	if c.InterruptGrace <= 0 {
		c.InterruptGrace = DefaultInterruptGrace
	}
	return c, nil
}

func (c Config) wire() *wire.Config {
	return &wire.Config{
		MemoryLimit:   max(c.MemoryLimit, 0),
		OutputLimit:   max(c.OutputLimit, 0),
		MaxGoroutines: max(c.MaxGoroutines, 0),
		ProgramExit:   c.ProgramExit,
	}
}

// Kernel is one notebook session: a supervised worker process that runs
// cells one at a time, in the order they were submitted. When the worker
// dies or is killed, the kernel starts a fresh one for the next cell.
// A Kernel is safe for use by many goroutines.
type Kernel struct {
	cfg Config

	mu       sync.Mutex
	state    State
	proc     *proc   // current worker; nil after it died or was killed
	closed   bool    // set by Close
	note     string  // said by the next Result, e.g. why a worker was restarted
	queue    []*turn // waiting Executes, in arrival order
	running  bool    // an Execute holds the turn
	cur      *call   // the call that holds the turn, if it reached the worker
	lastUsed time.Time
	lastCell int // last execution count the worker reported
	nextID   uint64
	respawn  chan struct{} // closed when a background restart is done
	wg       sync.WaitGroup
}

// turn is one Execute's place in the queue.
type turn struct{ ready chan struct{} }

// Start starts a kernel and waits until its worker is ready to run cells.
func Start(ctx context.Context, cfg Config) (*Kernel, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("start kernel: %w", err)
	}
	k := &Kernel{cfg: cfg, state: StateStarting, lastUsed: time.Now()}
	p, err := k.spawn(ctx)
	if err != nil {
		return nil, fmt.Errorf("start kernel: %w", err)
	}
	k.mu.Lock()
	k.proc = p
	k.state = StateIdle
	k.mu.Unlock()
	return k, nil
}

// adoptKernel makes a kernel of a worker started ahead of time with the
// same limits; cfg has its defaults applied. If the worker has died in
// the meantime, it starts a fresh one.
func adoptKernel(ctx context.Context, cfg Config, p *proc) (*Kernel, error) {
	k := &Kernel{cfg: cfg, state: StateIdle, lastUsed: time.Now()}
	if !p.adopt(cfg.Late, k.exited) {
		p.wait()
		return Start(ctx, cfg)
	}
	k.proc = p
	return k, nil
}

// State reports the kernel's state.
func (k *Kernel) State() State {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.state
}

// LastUsed reports when the kernel last started or finished a cell.
func (k *Kernel) LastUsed() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.lastUsed
}

// Queued reports how many Executes wait for their turn.
func (k *Kernel) Queued() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.queue)
}

// PID reports the process id of the current worker, or 0 when none runs.
func (k *Kernel) PID() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.proc == nil {
		return 0
	}
	return k.proc.pid
}

// Execute runs code as the next cell and returns how it ended. Calls are
// served one at a time in arrival order. Cancelling ctx while the call
// waits its turn removes it from the queue (its Result has status
// interrupted and Note NoteQueued); cancelling ctx while it runs
// interrupts the cell, as Interrupt does. out receives the cell's output
// as it is written, before Execute returns.
//
// A cell that fails, is interrupted, times out or kills its worker is a
// Result with a nil error. The error is non-nil only when the kernel is
// closed or no worker can be started; it then wraps ErrDead.
func (k *Kernel) Execute(ctx context.Context, code string, out func(Chunk)) (Result, error) {
	if out == nil {
		out = func(Chunk) {}
	}
	if err := k.acquire(ctx); err != nil {
		if errors.Is(err, ErrDead) {
			return Result{}, err
		}
		return Result{
			Status: StatusInterrupted,
			Error:  &CellError{Name: "interrupted", Message: "the cell was cancelled before it ran"},
			Note:   NoteQueued,
		}, nil
	}
	defer k.release()

	p, err := k.worker(ctx)
	if err != nil {
		k.setState(StateDead)
		return Result{}, err
	}
	k.mu.Lock()
	note := k.note
	k.note = ""
	k.mu.Unlock()

	k.mu.Lock()
	k.nextID++
	count := k.lastCell + 1
	c := &call{id: k.nextID, count: count, out: out, res: make(chan Result, 1), interrupt: make(chan struct{}), start: time.Now()}
	k.cur = c
	k.state = StateBusy
	k.mu.Unlock()

	res := k.run(ctx, p, c, code, count)
	if note != "" {
		if res.Note == "" {
			res.Note = note
		} else {
			res.Note = note + "; " + res.Note
		}
	}
	k.mu.Lock()
	k.cur = nil
	if res.ExecutionCount > 0 && res.Status != StatusDied {
		k.lastCell = res.ExecutionCount
	}
	k.mu.Unlock()
	return res, nil
}

// run sends one cell to p and waits for its result, climbing the
// stopping ladder when ctx is cancelled, Interrupt is called or the
// cell overstays its timeout.
func (k *Kernel) run(ctx context.Context, p *proc, c *call, code string, count int) Result {
	if err := p.begin(c, code, k.cfg.CellTimeout); err != nil {
		return k.died(p, c, count)
	}
	var backstop <-chan time.Time
	if k.cfg.CellTimeout > 0 {
		t := time.NewTimer(k.cfg.CellTimeout + k.cfg.InterruptGrace)
		defer t.Stop()
		backstop = t.C
	}
	select {
	case r := <-c.res:
		p.end(c)
		return r
	case <-p.done:
		p.end(c)
		return k.died(p, c, count)
	case <-ctx.Done():
		return k.stop(p, c, count, StatusInterrupted)
	case <-c.interrupt:
		return k.stop(p, c, count, StatusInterrupted)
	case <-backstop:
		return k.stop(p, c, count, StatusTimedOut)
	}
}

// stop climbs the stopping ladder for the running call c: cancel it in
// the worker, then signal the worker, then, after the grace period, kill
// the worker and start a fresh one. The Result says which rung stopped it.
func (k *Kernel) stop(p *proc, c *call, count int, status Status) Result {
	grace := k.cfg.InterruptGrace
	// Rung 1: cancel the cell inside the worker.
	_ = p.send(&wire.Message{Kind: wire.KindInterrupt, ID: c.id})
	if r, ok := p.await(c, grace*3/4); ok {
		p.end(c)
		if status == StatusTimedOut && r.Status == StatusInterrupted {
			r.Status = StatusTimedOut
		}
		if r.Status == StatusInterrupted && r.Note == "" {
			r.Note = NoteInterrupted
		}
		return r
	}
	if p.gone() {
		p.end(c)
		return k.died(p, c, count)
	}
	// Rung 2: a signal, which the worker also treats as an interrupt;
	// it works when the worker's protocol reader is stuck.
	p.signal(os.Interrupt)
	if r, ok := p.await(c, grace/4); ok {
		p.end(c)
		if r.Status == StatusInterrupted && r.Note == "" {
			r.Note = NoteInterrupted + " (stopped by signal)"
		}
		return r
	}
	if p.gone() {
		p.end(c)
		return k.died(p, c, count)
	}
	// Rung 3: kill the worker; the cell's variables go with it.
	k.setState(StateRestarting)
	p.kill()
	p.wait()
	p.end(c)
	r := Result{
		Status:         status,
		ExecutionCount: count,
		Duration:       time.Since(c.start),
		Error: &CellError{
			Name:    string(status),
			Message: fmt.Sprintf("the cell did not stop within %v of being cancelled, so its worker was killed", grace),
		},
		Note: NoteRestarted,
	}
	if status == StatusTimedOut {
		r.Error.Name = "timeout"
		r.Note = NoteTimedOut
	}
	k.replace(p)
	return r
}

// replace drops worker p, which has exited, and starts a fresh one in
// the background, so the cell that lost p can report at once; the next
// Execute waits for the new worker.
func (k *Kernel) replace(p *proc) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.proc == p {
		k.proc = nil
	}
	if k.closed || k.proc != nil || k.respawn != nil {
		return
	}
	done := make(chan struct{})
	k.respawn = done
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		np, err := k.spawn(context.Background())
		k.mu.Lock()
		defer k.mu.Unlock()
		k.respawn = nil
		close(done)
		if err != nil {
			return // the next Execute tries again and reports the error
		}
		if k.closed || k.proc != nil {
			k.discard(np)
			return
		}
		k.proc = np
		k.lastCell = 0
		if !k.running {
			k.state = StateIdle
		}
	}()
}

// discard kills a worker that lost a race to become the kernel's, in
// the background; Close waits for it.
func (k *Kernel) discard(p *proc) {
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		p.kill()
		p.wait()
	}()
}

// worker returns the current worker, waiting for one being restarted in
// the background, or starting one when there is none.
func (k *Kernel) worker(ctx context.Context) (*proc, error) {
	for {
		k.mu.Lock()
		if k.closed {
			k.mu.Unlock()
			return nil, ErrDead
		}
		if k.proc != nil {
			p := k.proc
			k.mu.Unlock()
			return p, nil
		}
		pending := k.respawn
		k.mu.Unlock()
		if pending == nil {
			break
		}
		select {
		case <-pending:
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: wait for the worker to restart: %v", ErrDead, ctx.Err())
		}
	}
	np, err := k.spawn(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: restart worker: %v", ErrDead, err)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed || k.proc != nil {
		k.discard(np)
		if k.closed {
			return nil, ErrDead
		}
		return k.proc, nil
	}
	k.proc = np
	k.lastCell = 0
	return np, nil
}

// spawn starts a worker whose exit k hears about.
func (k *Kernel) spawn(ctx context.Context) (*proc, error) {
	return spawnWith(ctx, k.cfg, k.exited)
}

// exited is called when worker p has exited. A death while a cell runs
// is reported by that cell's Execute; a death between cells (a goroutine
// left running crashed it) is reported as late output and by the next
// cell's Note.
func (k *Kernel) exited(p *proc) {
	k.mu.Lock()
	if k.proc != p || k.cur != nil || k.closed {
		k.mu.Unlock()
		return
	}
	reason, _ := p.deathReason()
	k.proc = nil
	k.note = "kernel restarted after it died (" + reason + "); variables lost"
	if !k.running {
		k.state = StateDead
	}
	cell := k.lastCell
	k.mu.Unlock()
	if k.cfg.Late != nil {
		k.cfg.Late(Chunk{Stream: Stderr, Text: "kernel died: " + reason + "\n", Cell: cell, Late: true})
	}
}

// died reports the death of worker p while it ran call c.
func (k *Kernel) died(p *proc, c *call, count int) Result {
	p.wait()
	if c.restarting.Load() {
		return Result{
			Status:         StatusInterrupted,
			ExecutionCount: count,
			Duration:       time.Since(c.start),
			Error:          &CellError{Name: "interrupted", Message: "the kernel was restarted or shut down while the cell ran"},
			Note:           NoteRestarted,
		}
	}
	reason, detail := p.deathReason()
	k.mu.Lock()
	if k.proc == p {
		k.proc = nil
		k.note = "kernel restarted after it died (" + reason + "); variables lost"
	}
	k.mu.Unlock()
	return Result{
		Status:         StatusDied,
		ExecutionCount: count,
		Duration:       time.Since(c.start),
		Error:          &CellError{Name: "kernel died", Message: reason, Traceback: detail},
		Note:           "the kernel died; the next cell starts a fresh one",
	}
}

// Interrupt stops the running cell, climbing the stopping ladder; the
// session's goroutines stop with it. With no cell running, it asks the
// worker to stop the goroutines earlier cells left running, which works
// when the engine offers that (a StopGoroutines method); otherwise they
// stop with the next interrupted cell, or with Restart.
func (k *Kernel) Interrupt(ctx context.Context) error {
	k.mu.Lock()
	if k.closed {
		k.mu.Unlock()
		return ErrDead
	}
	c, p := k.cur, k.proc
	k.mu.Unlock()
	if c != nil {
		c.cancel()
		return nil
	}
	if p != nil {
		if err := p.send(&wire.Message{Kind: wire.KindInterrupt}); err != nil {
			return fmt.Errorf("interrupt kernel: %w", err)
		}
	}
	return nil
}

// Restart kills the worker, losing every variable, and starts a fresh
// one. A running cell ends as interrupted with NoteRestarted.
func (k *Kernel) Restart(ctx context.Context) error {
	k.mu.Lock()
	if k.closed {
		k.mu.Unlock()
		return ErrDead
	}
	p, c := k.proc, k.cur
	k.proc = nil
	k.state = StateRestarting
	k.mu.Unlock()
	if c != nil {
		c.restarting.Store(true)
	}
	if p != nil {
		p.kill()
		p.wait()
	}
	np, err := k.spawn(ctx)
	if err != nil {
		k.setState(StateDead)
		return fmt.Errorf("restart kernel: %w", err)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed || k.proc != nil {
		k.discard(np)
		return nil
	}
	k.proc = np
	k.note = ""
	k.lastCell = 0
	if !k.running {
		k.state = StateIdle
	}
	return nil
}

// Close stops the worker and waits for it. Queued Executes return ErrDead;
// a running one ends as interrupted.
func (k *Kernel) Close() error {
	k.mu.Lock()
	if k.closed {
		k.mu.Unlock()
		return nil
	}
	k.closed = true
	k.state = StateDead
	p, c := k.proc, k.cur
	k.proc = nil
	for _, t := range k.queue {
		close(t.ready)
	}
	k.queue = nil
	k.mu.Unlock()
	if c != nil {
		c.restarting.Store(true)
	}
	if p != nil {
		p.shutdown(k.cfg.InterruptGrace)
	}
	k.wg.Wait()
	return nil
}

// acquire waits for the caller's turn to run a cell.
func (k *Kernel) acquire(ctx context.Context) error {
	k.mu.Lock()
	if k.closed {
		k.mu.Unlock()
		return ErrDead
	}
	if !k.running && len(k.queue) == 0 {
		k.running = true
		k.lastUsed = time.Now()
		k.mu.Unlock()
		return nil
	}
	t := &turn{ready: make(chan struct{})}
	k.queue = append(k.queue, t)
	k.mu.Unlock()
	select {
	case <-t.ready:
		k.mu.Lock()
		defer k.mu.Unlock()
		if k.closed {
			return ErrDead
		}
		return nil
	case <-ctx.Done():
		k.mu.Lock()
		defer k.mu.Unlock()
		for i, q := range k.queue {
			if q == t {
				k.queue = append(k.queue[:i], k.queue[i+1:]...)
				return ctx.Err()
			}
		}
		// The turn was handed over just as ctx ended: pass it on.
		if k.closed {
			return ErrDead
		}
		k.handOverLocked()
		return ctx.Err()
	}
}

// release gives the turn to the next queued Execute.
func (k *Kernel) release() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.lastUsed = time.Now()
	k.handOverLocked()
}

func (k *Kernel) handOverLocked() {
	if len(k.queue) > 0 {
		t := k.queue[0]
		k.queue = k.queue[1:]
		close(t.ready) // running stays true: the turn passes to t
		return
	}
	k.running = false
	switch {
	case k.closed:
		k.state = StateDead
	case k.proc == nil && k.respawn != nil:
		k.state = StateRestarting
	case k.proc == nil:
		k.state = StateDead
	default:
		k.state = StateIdle
	}
}

func (k *Kernel) setState(s State) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.closed {
		k.state = s
	}
}
