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
	"io"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing/fstest"
	"time"

	"github.com/traefik/yaegi/interp"

	"gonote/kernel"
	"gonote/kernel/cellc"
	"gonote/kernel/engine/symbols"
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
	// Exit, when not nil, is called by a cell's os.Exit and log.Fatal
	// (after the log line) once the output the cell wrote has been
	// delivered; it must not return. Nil: they panic with what was asked
	// ("os.Exit(3)"), which ends the cell and keeps the session.
	Exit func(code int)
}

// Session is one interpreter session.
type Session struct {
	mu    sync.Mutex // held while a cell runs
	i     *interp.Interpreter
	out   *router
	trace *traceWriter
	fsys  fstest.MapFS
	// loaded holds the import paths load has seen; over, the tables Used
	// over compiled packages' own (see load.go).
	loaded map[string]bool
	over   overrides
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

// New starts a session with the packages of package symbols, the generic
// standard library and opts.Extra available to cells. Each is loaded when
// a cell first imports it.
func New(opts Options) (*Session, error) {
	r, err := newRouter(opts.Late, opts.OutputLimit)
	if err != nil {
		return nil, fmt.Errorf("start session: %w", err)
	}
	s := &Session{
		out:    r,
		trace:  &traceWriter{other: r.stderr},
		fsys:   fstest.MapFS{},
		loaded: map[string]bool{},
		cc:     cellc.NewSession(),
		units:  map[string]unit{},
	}
	s.rt = rt.New(rt.Hooks{Current: s.currentCell, Panic: s.goroutinePanic, Done: s.stopped})
	r.stdout.owner, r.stderr.owner = s.owner, s.owner
	stdin := strings.NewReader("")
	s.i = interp.New(interp.Options{
		// Interpreted packages (iter, sync, ...) live in an in-memory
		// GOPATH.
		SourcecodeFilesystem: s.fsys,
		GoPath:               ".",
		Stdin:                stdin,
		// yaegi sends the builtins print and println to Stdout; Go sends
		// them to standard error. fmt's functions are rebound by stdio.
		Stdout: r.stderr,
		Stderr: s.trace,
	})
	if s.stop, err = newStopper(s.i); err != nil {
		r.close()
		return nil, fmt.Errorf("start session: %w", err)
	}
	if err := s.use(stdin, opts.Extra, opts.Exit); err != nil {
		r.close()
		return nil, fmt.Errorf("start session: %w", err)
	}
	return s, nil
}

// use prepares the symbols packages are loaded with (see load.go): the
// overrides of package tables, in order: the sandbox's restrictions, the
// caller's extras, the output routing and the cell runtime (output routing
// and the cell runtime come last, so that no extra table can undo them);
// and the interface wrappers, under the key ".", which are Used now, as
// are the packages' empty tables (reserve).
func (s *Session) use(stdin io.Reader, extra []interp.Exports, exit func(int)) error {
	known := symbols.MapTypes()
	restricted, restrictedTypes := restrictions(stdin, s.trace, known)
	routes, routesTypes := stdio(s.out, known, s.exiter(exit))
	s.over = overrides{}
	for _, e := range slices.Concat([]interp.Exports{restricted}, extra, []interp.Exports{routes, s.runtimeSymbols(), s.timeSymbols(), s.exitSymbols(exit)}) {
		s.over.add(e)
	}
	wrappers := []map[string]reflect.Value{{"MapTypes": reflect.ValueOf(known)}, {"MapTypes": reflect.ValueOf(restrictedTypes)}}
	for _, e := range extra {
		if w, ok := e["."]; ok {
			wrappers = append(wrappers, w)
		}
	}
	wrappers = append(wrappers, map[string]reflect.Value{"MapTypes": reflect.ValueOf(routesTypes)})
	for _, w := range wrappers {
		if err := s.i.Use(interp.Exports{".": w}); err != nil {
			return fmt.Errorf("load interface wrappers: %w", err)
		}
	}
	if err := s.reserve(); err != nil {
		return fmt.Errorf("reserve package tables: %w", err)
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
	s.stop.release()
	if err := s.out.close(); err != nil && !errors.Is(err, syscall.EBADF) {
		return fmt.Errorf("close session: %w", err)
	}
	return nil
}

// stopped returns the channel that closes when the session stops its
// interpreted code (see stopper.current).
func (s *Session) stopped() <-chan struct{} { return s.stop.current() }

// timeSymbols returns the cells' time.Sleep: it sleeps as Go's does, and
// ends the goroutine when the session stops its interpreted code, which
// the interpreter cannot do to a goroutine asleep in Go's.
func (s *Session) timeSymbols() interp.Exports {
	return interp.Exports{"time/time": {"Sleep": reflect.ValueOf(s.sleep)}}
}

// exitSymbols returns, when exit is not nil, the cells' os.Exit, which
// delivers the output written so far and calls exit, as a Go program ends:
// deferred functions do not run. With exit nil it stays the restricted
// one, which panics. (stdio makes log.Fatal use it.)
func (s *Session) exitSymbols(exit func(int)) interp.Exports {
	if exit == nil {
		return interp.Exports{}
	}
	return interp.Exports{"os/os": {"Exit": reflect.ValueOf(s.exiter(exit))}}
}

// exiter returns the cells' os.Exit for exit (see exitSymbols), or nil.
func (s *Session) exiter(exit func(int)) func(int) {
	if exit == nil {
		return nil
	}
	return func(code int) {
		s.out.sync()
		exit(code)
	}
}

// sleep is the cells' time.Sleep (see timeSymbols).
func (s *Session) sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.stop.current():
		runtime.Goexit()
	}
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
