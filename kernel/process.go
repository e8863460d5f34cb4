package kernel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gonote/kernel/sandbox"
	"gonote/kernel/wire"
	"gonote/kernel/workerbin"
)

// call is one cell on its way through a worker.
type call struct {
	id        uint64
	count     int // the execution count the cell is expected to get
	out       func(Chunk)
	res       chan Result // buffered; receives the worker's result
	start     time.Time
	interrupt chan struct{}
	once      sync.Once
	// restarting is set when Restart or Close kills the worker under
	// the call, so its death is reported as an interruption.
	restarting atomic.Bool
}

func (c *call) cancel() { c.once.Do(func() { close(c.interrupt) }) }

// proc is one worker process and the goroutines that own its pipes.
type proc struct {
	cmd  *exec.Cmd
	conn *wire.Conn
	in   *os.File // supervisor → worker
	from *os.File // worker → supervisor
	pid  int
	tail *tail

	ready chan struct{} // closed when the worker said ready
	done  chan struct{} // closed when the process has exited and been reaped

	outMu sync.Mutex // held while a chunk is delivered to cur.out
	cur   *call

	mu     sync.Mutex
	fatal  string // reason sent by the worker before it exited
	killed bool   // the supervisor killed it
	state  *os.ProcessState
	exited bool        // set just before done is closed
	late   func(Chunk) // receives late output; set at spawn or by adopt
	onExit func(*proc) // called once the process has exited, if set
}

// spawnWith starts a worker and waits until it is ready. onExit, if not
// nil, is called once the worker has exited.
func spawnWith(ctx context.Context, cfg Config, onExit func(*proc)) (*proc, error) {
	toR, toW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("make worker pipe: %w", err)
	}
	fromR, fromW, err := blockingPipe()
	if err != nil {
		toR.Close()
		toW.Close()
		return nil, fmt.Errorf("make worker pipe: %w", err)
	}
	p := &proc{
		in:     toW,
		from:   fromR,
		tail:   &tail{},
		late:   cfg.Late,
		onExit: onExit,
		ready:  make(chan struct{}),
		done:   make(chan struct{}),
	}
	cmd := exec.Command(cfg.Command[0], cfg.Command[1:]...)
	if cfg.Command[0] == workerbin.Path() {
		cmd.Args[0] = workerbin.Name // rather than /proc/self/fd/N
	}
	// Only harmless variables: a secret of the server's environment, such
	// as GONOTE_TOKEN, would be readable in the worker's /proc/self/environ.
	env := startEnv(cfg.Env)
	cmd.Env = sandbox.Environ(env)
	cmd.ExtraFiles = []*os.File{toR, fromW} // fd 3 and fd 4 in the worker
	cmd.Stdout = p.tail
	cmd.Stderr = &stderrWriter{p: p}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	what := "worker"
	if cfg.Sandbox {
		what = "sandboxed worker"
		err = sandbox.Command(cmd, sandbox.Options{Env: env, Hide: cfg.SandboxHide})
	}
	if err == nil {
		err = cmd.Start()
	}
	toR.Close()
	fromW.Close()
	if err != nil {
		toW.Close()
		fromR.Close()
		return nil, fmt.Errorf("start %s %s: %w", what, cfg.Command[0], err)
	}
	p.cmd = cmd
	p.pid = cmd.Process.Pid
	p.conn = wire.NewConn(fromR, toW)
	go p.read()
	if err := p.send(&wire.Message{Kind: wire.KindConfig, Config: cfg.wire()}); err != nil {
		p.kill()
		p.wait()
		return nil, fmt.Errorf("configure worker: %w", err)
	}
	select {
	case <-p.ready:
		if cfg.Sandbox {
			// A worker that skipped sandbox.Enter would run cells
			// with the host's file system in view.
			if err := sandbox.Check(p.pid); err != nil {
				p.kill()
				p.wait()
				return nil, fmt.Errorf("start sandboxed worker: %w", err)
			}
		}
		return p, nil
	case <-p.done:
		reason, _ := p.deathReason()
		return nil, fmt.Errorf("worker exited before it was ready: %s", reason)
	case <-ctx.Done():
		p.kill()
		p.wait()
		return nil, fmt.Errorf("wait for worker: %w", ctx.Err())
	}
}

// startEnv returns extra, the variables a worker gets besides the
// harmless ones of this process, with its collector switched off while it
// starts: the binary's initialisation and the engine's start allocate a
// few MB that stay live, and collecting on the way costs about 2 ms of a
// start. The GOGC the worker would have had travels in wire.EnvGOGC, and
// the worker restores it once its engine is up.
func startEnv(extra []string) []string {
	gogc := ""
	for _, kv := range sandbox.Environ(extra) {
		if v, ok := strings.CutPrefix(kv, "GOGC="); ok {
			gogc = v // the last one counts, as in exec.Cmd
		}
	}
	return append(slices.Clip(extra), wire.EnvGOGC+"="+gogc, "GOGC=off")
}

// blockingPipe returns a pipe read with plain blocking reads rather than
// through the runtime's poller: the goroutine reading it waits in
// read(2), so the worker's write wakes that very thread, which is
// quicker than the poller waking a thread to hand the goroutine a P
// (about 20 µs of a trivial cell's round trip on a loaded 2-core
// machine). The cost is a thread per kernel, blocked while it idles.
func blockingPipe() (r, w *os.File, err error) {
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
		return nil, nil, err
	}
	return os.NewFile(uintptr(fds[0]), "|0"), os.NewFile(uintptr(fds[1]), "|1"), nil
}

// read owns the worker's output pipe: it delivers output and results
// until the pipe closes, then reaps the process.
func (p *proc) read() {
	var m wire.Message
	for {
		if err := p.conn.Recv(&m); err != nil {
			break
		}
		switch m.Kind {
		case wire.KindReady:
			close(p.ready)
		case wire.KindOutput:
			p.deliver(m.ID, Chunk(m.Chunk))
		case wire.KindResult:
			var r Result
			if err := json.Unmarshal(m.Result, &r); err != nil {
				r = Result{Status: StatusError, Error: &CellError{Name: "kernel error", Message: "bad result from worker: " + err.Error()}}
			}
			p.outMu.Lock()
			if c := p.cur; c != nil && c.id == m.ID {
				c.res <- r
				p.cur = nil
			}
			p.outMu.Unlock()
			// Let the Execute waiting for r run on this thread at once:
			// the next read would block holding this P, with Execute
			// queued on it until another thread stole it.
			runtime.Gosched()
		case wire.KindFatal:
			p.mu.Lock()
			p.fatal = m.Reason
			p.mu.Unlock()
		}
	}
	// The worker closed its end: it exited or is about to. Make sure.
	p.in.Close()
	err := p.cmd.Wait()
	p.from.Close()
	p.mu.Lock()
	p.state = p.cmd.ProcessState
	if p.state == nil && err != nil {
		p.fatal = err.Error()
	}
	p.exited = true
	onExit := p.onExit
	p.mu.Unlock()
	close(p.done)
	if onExit != nil {
		onExit(p)
	}
}

// adopt gives a worker started ahead of time (a spare) the late-output
// and exit callbacks of the kernel that takes it. It reports false if
// the worker has already exited.
func (p *proc) adopt(late func(Chunk), onExit func(*proc)) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exited {
		return false
	}
	p.late, p.onExit = late, onExit
	return true
}

func (p *proc) lateFunc() func(Chunk) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.late
}

// deliver hands one chunk to the running call, or to Late.
func (p *proc) deliver(id uint64, ch Chunk) {
	if !ch.Late {
		p.outMu.Lock()
		if c := p.cur; c != nil && c.id == id {
			c.out(ch)
			p.outMu.Unlock()
			return
		}
		p.outMu.Unlock()
		ch.Late = true
	}
	if late := p.lateFunc(); late != nil {
		late(ch)
	}
}

// deliverRaw passes text the worker wrote to its fd 2 to the running
// cell, or to Late.
func (p *proc) deliverRaw(text string) {
	p.outMu.Lock()
	if c := p.cur; c != nil {
		c.out(Chunk{Stream: Stderr, Text: text, Offset: time.Since(c.start), Cell: c.count})
		p.outMu.Unlock()
		return
	}
	p.outMu.Unlock()
	if late := p.lateFunc(); late != nil {
		late(Chunk{Stream: Stderr, Text: text, Late: true})
	}
}

// begin registers c as the running call and sends its code.
func (p *proc) begin(c *call, code string, timeout time.Duration) error {
	p.outMu.Lock()
	p.cur = c
	p.outMu.Unlock()
	return p.send(&wire.Message{Kind: wire.KindExecute, ID: c.id, Code: code, Timeout: max(timeout, 0)})
}

// end forgets c: no more output is delivered to it.
func (p *proc) end(c *call) {
	p.outMu.Lock()
	if p.cur == c {
		p.cur = nil
	}
	p.outMu.Unlock()
}

// await waits up to d for c's result.
func (p *proc) await(c *call, d time.Duration) (Result, bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case r := <-c.res:
		return r, true
	case <-p.done:
		return Result{}, false
	case <-t.C:
		return Result{}, false
	}
}

func (p *proc) send(m *wire.Message) error {
	select {
	case <-p.done:
		return ErrDead
	default:
	}
	return p.conn.Send(m)
}

func (p *proc) signal(sig os.Signal) { _ = p.cmd.Process.Signal(sig) }

// kill ends the worker at once.
func (p *proc) kill() {
	p.mu.Lock()
	p.killed = true
	p.mu.Unlock()
	_ = p.cmd.Process.Kill()
}

// gone reports whether the worker has exited and been reaped.
func (p *proc) gone() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// wait blocks until the worker has exited and its pipes are drained.
func (p *proc) wait() { <-p.done }

// shutdown asks the worker to exit by closing its input, and kills it if
// it has not exited within grace.
func (p *proc) shutdown(grace time.Duration) {
	p.in.Close()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-p.done:
	case <-t.C:
		p.kill()
		p.wait()
	}
}

// deathReason says why the worker exited, in the runtime's own words
// when it left any: a fatal message from the worker, the first
// "fatal error:" or "panic:" line of its stderr, or its exit status.
// detail holds the stderr lines that follow the reason. Call it only
// after done is closed.
func (p *proc) deathReason() (reason string, detail []string) {
	p.mu.Lock()
	fatal, killed, st := p.fatal, p.killed, p.state
	p.mu.Unlock()
	text := p.tail.String()
	if fatal != "" {
		return fatal, nil
	}
	// The detail is the runtime's explanation before the reason, such as
	// "runtime: goroutine stack exceeds 1000000000-byte limit"; the Go
	// stacks after it describe the interpreter, not the cell.
	var explain []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "fatal error: ") || strings.HasPrefix(l, "panic: ") {
			return l, explain
		}
		if strings.HasPrefix(l, "runtime: ") && !strings.Contains(l, "sp=") && len(explain) < 5 {
			explain = append(explain, l)
		}
	}
	switch {
	case st == nil:
		return "the worker vanished", nil
	case st.Exited():
		return fmt.Sprintf("os.Exit(%d)", st.ExitCode()), nil
	case killed:
		return "killed by the supervisor", nil
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return "killed by signal " + ws.Signal().String(), nil
	}
	return st.String(), nil
}

// stderrWriter receives the worker's fd 2: what host code and raw writes
// put there, and the runtime's report when the process crashes. It keeps
// everything in the tail, for the reason of death, and passes text to the
// running cell as stderr until the first line of a crash report.
type stderrWriter struct {
	p       *proc
	partial []byte
	crashed bool
}

// crashPrefixes start the runtime's last words.
var crashPrefixes = []string{"fatal error: ", "panic: ", "runtime: "}

func (w *stderrWriter) Write(b []byte) (int, error) {
	w.p.tail.Write(b)
	if w.crashed {
		return len(b), nil
	}
	w.partial = append(w.partial, b...)
	var text []byte
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		line := w.partial[:i+1]
		for _, pre := range crashPrefixes {
			if bytes.HasPrefix(line, []byte(pre)) {
				w.crashed = true
			}
		}
		if w.crashed {
			break
		}
		text = append(text, line...)
		w.partial = w.partial[i+1:]
	}
	if w.crashed {
		w.partial = nil
	} else if len(w.partial) > 4096 { // a long line without newline
		text = append(text, w.partial...)
		w.partial = w.partial[:0]
	}
	if len(text) > 0 {
		w.p.deliverRaw(string(text))
	}
	return len(b), nil
}

// tail keeps the first and last few kilobytes written to it: enough for
// a runtime crash report, however many goroutines it lists.
type tail struct {
	mu   sync.Mutex
	head []byte
	last []byte
	cut  bool
}

const tailKeep = 16 << 10

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(b)
	if room := tailKeep - len(t.head); room > 0 {
		k := min(room, len(b))
		t.head = append(t.head, b[:k]...)
		b = b[k:]
	}
	if len(b) > 0 {
		t.last = append(t.last, b...)
		if len(t.last) > tailKeep {
			t.last = append(t.last[:0], t.last[len(t.last)-tailKeep:]...)
			t.cut = true
		}
	}
	return n, nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var b bytes.Buffer
	b.Write(t.head)
	if t.cut {
		b.WriteString("\n…\n")
	}
	b.Write(t.last)
	return b.String()
}

var _ io.Writer = (*tail)(nil)
