// Package engine runs notebook cells in process: one Session is one yaegi
// interpreter whose declarations, imports and variables persist across
// cells in the order they ran.
//
// A Session captures everything its cells write to stdout and stderr by any
// route and delivers it as timestamped chunks while the cell runs; output
// written after a cell ended goes to Options.Late, marked with that cell's
// execution count. A failing cell is a Result with a CellError, never a Go
// error. One cell runs at a time; Execute calls are serialised.
//
// The engine does not protect its host: a cell can still crash the process
// (concurrent map writes, stack overflow) or leave goroutines running. The
// kernel's worker process runs a Session so that the server survives.
package engine

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing/fstest"
	"time"

	"github.com/traefik/yaegi/interp"

	"gonote/kernel"
	"gonote/kernel/cellc"
	"gonote/kernel/rt"
)

// Options configure a Session.
type Options struct {
	// Late receives output written after its cell ended (by goroutines the
	// cell left running), marked Late with the owning cell's count. It is
	// called from one goroutine at a time. Nil drops late output.
	Late func(kernel.Chunk)
	// Extra symbols are Used after the standard library, so they can
	// replace its symbols (the worker instruments time this way); the
	// engine's output routing (fmt, log, slog, os.Stdout) and gonote/rt
	// are installed after them and always win.
	Extra []interp.Exports
	// OutputLimit caps the bytes one cell may write; the rest is dropped
	// with a note on stderr. Zero means no limit.
	OutputLimit int64
}

// Session is one interpreter session.
type Session struct {
	mu    sync.Mutex // held while a cell runs
	i     *interp.Interpreter
	out   *router
	trace *traceWriter
	fsys  fstest.MapFS
	// owners maps the id of each goroutine a cell started (and that is
	// still running) to the cell's execution count.
	owners sync.Map
	nOwned atomic.Int64 // entries in owners: goid is only paid for then
	count  int
	closed bool

	cc        *cellc.Session
	rt        *rt.Runtime
	units     map[string]unit // the last keptUnits compiled cells
	unitOrder []string

	runMu sync.Mutex // guards cur, read by hooks on other goroutines
	cur   *cellRun

	stop *stopper
}

var _ kernel.Runner = (*Session)(nil)

// New starts a session with the standard library, the extra packages of
// package symbols and opts.Extra available to cells.
func New(opts Options) (*Session, error) {
	r, err := newRouter(opts.Late, opts.OutputLimit)
	if err != nil {
		return nil, fmt.Errorf("start session: %w", err)
	}
	s := &Session{
		out:   r,
		trace: &traceWriter{other: r.stderr},
		fsys:  fstest.MapFS{},
		cc:    cellc.NewSession(),
		units: map[string]unit{},
	}
	s.rt = rt.New(rt.Hooks{Current: s.currentCell, Panic: s.goroutinePanic})
	r.stdout.owner, r.stderr.owner = s.owner, s.owner
	s.i = interp.New(interp.Options{
		// Interpreted packages (iter, sync, ...) and, later, cell files
		// live in an in-memory GOPATH.
		SourcecodeFilesystem: s.fsys,
		GoPath:               ".",
		Stdin:                strings.NewReader(""),
		// yaegi sends the builtins print and println to Stdout; Go sends
		// them to standard error. fmt's functions are rebound by stdio.
		Stdout: r.stderr,
		Stderr: s.trace,
	})
	if s.stop, err = newStopper(s.i); err != nil {
		r.close()
		return nil, fmt.Errorf("start session: %w", err)
	}
	if err := s.use(opts.Extra); err != nil {
		r.close()
		return nil, fmt.Errorf("start session: %w", err)
	}
	return s, nil
}

// use loads the symbol tables in order: the standard library with its
// newer and generic parts, the caller's extras, the output routing and the
// cell runtime.
func (s *Session) use(extra []interp.Exports) error {
	syms := exports()
	if err := s.i.Use(syms); err != nil {
		return fmt.Errorf("load standard library: %w", err)
	}
	if err := loadStd(s.i, s.fsys, syms); err != nil {
		return fmt.Errorf("load generic standard library: %w", err)
	}
	for _, e := range extra {
		if err := s.i.Use(e); err != nil {
			return fmt.Errorf("load extra symbols: %w", err)
		}
	}
	// Output routing and the cell runtime come last, so that no extra
	// table can undo them (Using a "fmt/fmt" table resets fmt's writers).
	if err := stdio(s.i, s.out); err != nil {
		return err
	}
	if err := s.i.Use(s.runtimeSymbols()); err != nil {
		return fmt.Errorf("load cell runtime: %w", err)
	}
	return nil
}

// Close ends the session: it stops delivering output and waits for the
// goroutines it started. Goroutines a cell left running are not stopped;
// only ending the process stops them.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if err := s.out.close(); err != nil && !errors.Is(err, syscall.EBADF) {
		return fmt.Errorf("close session: %w", err)
	}
	return nil
}

// owner returns the execution count of the cell that owns the calling
// goroutine, or 0 when the goroutine is not one a cell started.
func (s *Session) owner() int {
	if s.nOwned.Load() == 0 {
		return 0
	}
	if c, ok := s.owners.Load(goid()); ok {
		return c.(int)
	}
	return 0
}

// goid returns the calling goroutine's id, read from its stack header
// ("goroutine 12 [running]:"). Go offers no cheaper way; it costs about a
// microsecond.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = b[len("goroutine "):]
	var id uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + uint64(c-'0')
	}
	return id
}

// cpuTime returns the user and system CPU time used by the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
