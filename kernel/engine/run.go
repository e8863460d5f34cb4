package engine

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"reflect"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/traefik/yaegi/interp"

	"gonote/internal/cpuload"
	"gonote/kernel"
	"gonote/kernel/cellc"
	"gonote/kernel/rt"
)

// errGoroutinePanic is the cause given to a cell's context when a goroutine
// it started panics: in Go that ends the program, here it ends the cell.
var errGoroutinePanic = errors.New("a goroutine panicked")

// keptUnits is how many compiled cells a session remembers to map panic
// traces through earlier cells' code back to those cells' lines.
const keptUnits = 64

// unit is a compiled cell and the number of lines of its source.
type unit struct {
	*cellc.Unit
	lines int
}

// cellRun is the cell that is running.
type cellRun struct {
	n      int
	cancel context.CancelCauseFunc
	panic  *rt.Panic // first goroutine panic, set before cancel
	trace  []string  // its interpreted trace

	res       kernel.Result // the result so far: count, imports
	start     time.Time
	cpuBefore time.Duration
}

// runtimeSymbols returns the symbols of package gonote/rt for cells, and
// the cells' runtime.NumGoroutine. Go is wrapped so that each goroutine a
// cell starts is known as that cell's, which is how output and panics
// find their cell.
func (s *Session) runtimeSymbols() interp.Exports {
	syms := interp.Exports{}
	for k, v := range s.rt.Symbols() {
		syms[k] = v
	}
	key := rt.ImportPath + "/" + pkgName(rt.ImportPath)
	table := map[string]reflect.Value{}
	for name, v := range syms[key] {
		table[name] = v
	}
	table["Go"] = reflect.ValueOf(func(src, line, col int, f func()) {
		cell := s.currentCell()
		s.rt.Go(src, line, col, func() {
			id := goid()
			s.owners.Store(id, cell)
			s.nOwned.Add(1)
			defer func() {
				s.owners.Delete(id)
				s.nOwned.Add(-1)
			}()
			f()
		})
	})
	syms[key] = table
	// A program's NumGoroutine counts its main goroutine and those it
	// started; the kernel's own goroutines (output, protocol, signals)
	// are not the cell's, so the cell's main goroutine and the cells'
	// running goroutines are what it counts.
	syms["runtime/runtime"] = map[string]reflect.Value{
		"NumGoroutine": reflect.ValueOf(func() int { return 1 + s.rt.RunningAll() }),
	}
	return syms
}

// currentCell is the cell a goroutine started now counts for, as package
// rt defines it: the running cell, or when none runs, the last one.
func (s *Session) currentCell() int {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	if s.cur != nil {
		return s.cur.n
	}
	return s.count
}

// goroutinePanic is called in a cell's goroutine that panicked. A panic
// while its cell runs ends that cell with the panic as its error; a later
// one is reported as late output of its cell.
func (s *Session) goroutinePanic(p *rt.Panic) {
	trace := s.trace.takeFor(goid())
	s.runMu.Lock()
	cur := s.cur
	if cur != nil && cur.n == p.Cell && cur.panic == nil {
		cur.panic, cur.trace = p, trace
		s.runMu.Unlock()
		cur.cancel(errGoroutinePanic)
		return
	}
	s.runMu.Unlock()
	ce := s.goroutinePanicError(p, trace, p.Cell)
	s.out.stderr.writeFor(p.Cell, []byte(strings.Join(ce.Traceback, "\n")+"\n"))
}

// goroutinePanicError describes a goroutine's panic for cell n.
func (s *Session) goroutinePanicError(p *rt.Panic, trace []string, n int) *kernel.CellError {
	ce := panicErrorIn(n, p.Value, trace, s.positions(n), s.panicSites)
	where := fmt.Sprintf("line %d:%d", p.Line, p.Col)
	if p.Source != n {
		where = fmt.Sprintf("cell %d, %s", p.Source, where)
	}
	ce.Traceback = append(ce.Traceback, "goroutine started at "+where)
	if ce.Line == 0 && p.Source == n {
		ce.Line, ce.Col = p.Line, p.Col
	}
	return ce
}

// Execute runs code as the next cell. See kernel.Runner. The cell runs on
// a goroutine of the session's, so that Execute returns within stopGrace
// of ctx ending even when the cell is blocked in a compiled call.
func (s *Session) Execute(ctx context.Context, code string, out func(kernel.Chunk)) (kernel.Result, error) {
	return s.executeCell(ctx, code, out, nil)
}

// ExecuteInline is Execute with the cell running on the calling goroutine,
// which saves two goroutine switches, a sixth of what a trivial cell
// costs. It is for a caller that can carry on without that goroutine, as
// the kernel worker does: when ctx has ended and the cell is still blocked
// in a compiled call the stop cannot reach (a locked sync.Mutex's Lock)
// stopGrace later, or when the
// cell calls runtime.Goexit, which ends the goroutine, abandoned receives
// the cell's result on another goroutine (for Goexit, on the calling one
// as it ends), and the session runs the next cell. ExecuteInline then
// returns kernel.ErrAbandoned, if it returns at all.
func (s *Session) ExecuteInline(ctx context.Context, code string, out func(kernel.Chunk), abandoned func(kernel.Result)) (kernel.Result, error) {
	if abandoned == nil {
		abandoned = func(kernel.Result) {}
	}
	return s.executeCell(ctx, code, out, abandoned)
}

// executeCell runs code as the next cell: on a goroutine of the session's
// when abandoned is nil, else on the calling goroutine (see
// ExecuteInline).
func (s *Session) executeCell(ctx context.Context, code string, out func(kernel.Chunk), abandoned func(kernel.Result)) (kernel.Result, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return kernel.Result{}, kernel.ErrDead
	}
	if out == nil {
		out = func(kernel.Chunk) {}
	}
	s.count++
	n := s.count
	res := kernel.Result{ExecutionCount: n, Status: kernel.StatusOK}
	if err := ctx.Err(); err != nil {
		res.Status, res.Error = cellError(ctx, n, err, nil, s.positions(n), s.panicSites)
		s.mu.Unlock()
		return res, nil
	}

	compileStart := time.Now()
	prog, u, err := s.compile(code, n, &res)
	if err != nil {
		res.Duration = time.Since(compileStart)
		res.Status, res.Error = cellError(ctx, n, err, nil, s.positions(n), s.panicSites)
		s.mu.Unlock()
		return res, nil
	}

	// The cell's clock starts when its code does: chunk offsets, Duration
	// and CPU leave out compiling it (well under a millisecond) and, after
	// a stop, the wait for the stop to be seen (see stopper).
	cell := s.stop.renew()
	cctx, cancel := context.WithCancelCause(ctx)
	run := &cellRun{n: n, cancel: cancel, res: res, cpuBefore: cpuload.ProcessCPU(), start: time.Now()}
	s.trace.reset()
	s.out.begin(n, run.start, out)
	// go vet's findings come first, as warnings: the cell runs all the same.
	s.out.stderr.writeFor(n, vetWarnings(u.Vet))
	s.runMu.Lock()
	s.cur = run
	s.runMu.Unlock()

	switch {
	case !u.Runs:
		// Declarations only: executing wires them up and runs no cell code.
		_, err = s.i.Execute(prog)
	case abandoned == nil:
		err = s.execute(cctx, prog)
	default:
		var ok bool
		err, ok = s.executeInline(cctx, prog, cell, func(err error) {
			res := s.finish(ctx, run, err)
			s.mu.Unlock()
			abandoned(res)
		})
		if !ok {
			return kernel.Result{}, kernel.ErrAbandoned
		}
	}
	res = s.finish(ctx, run, err)
	s.mu.Unlock()
	return res, nil
}

// finish ends the running cell, whose evaluation returned err, and
// returns its result.
func (s *Session) finish(ctx context.Context, run *cellRun, err error) kernel.Result {
	res := run.res
	res.Duration = time.Since(run.start)
	res.CPU = cpuload.ProcessCPU() - run.cpuBefore
	s.runMu.Lock()
	s.cur = nil
	s.runMu.Unlock()
	run.cancel(nil)
	s.out.end()

	if errors.Is(err, errGoexit) && ctx.Err() != nil {
		// Ended by the stop, in a select (see rt.Runtime.Select).
		err = ctx.Err()
	}
	n := run.n
	switch {
	case run.panic != nil:
		res.Status, res.Error = kernel.StatusError, s.goroutinePanicError(run.panic, run.trace, n)
	case errors.Is(err, errGoexit):
		res.Status, res.Error = kernel.StatusError, &kernel.CellError{Name: "runtime.Goexit", Message: errGoexit.Error(), Traceback: []string{}}
	case err != nil:
		res.Status, res.Error = cellError(ctx, n, err, s.trace.takeLast(), s.positions(n), s.panicSites)
	}
	res.GoroutinesLeft = s.rt.Running(n)
	if res.GoroutinesLeft > 0 {
		res.Goroutines = fmt.Sprintf("%d goroutines started by this cell are still running", res.GoroutinesLeft)
		if res.GoroutinesLeft == 1 {
			res.Goroutines = "1 goroutine started by this cell is still running"
		}
	}
	return res
}

// compile compiles code as cell n and has yaegi accept it into the
// session. It returns the program that runs the cell, and the compiled
// cell (whether the program runs any code, go vet's findings). A failure
// is a compile error (*cellc.Error) or what yaegi returned.
func (s *Session) compile(code string, n int, res *kernel.Result) (*interp.Program, *cellc.Unit, error) {
	u, err := s.cc.Compile(code, n)
	if err != nil {
		return nil, nil, err
	}
	res.ImportsAdded, res.ImportsRemoved = u.ImportsAdded, u.ImportsRemoved
	s.units[u.Name] = unit{u, strings.Count(u.Source, "\n") + 1}
	s.unitOrder = append(s.unitOrder, u.Name)
	if len(s.unitOrder) > keptUnits {
		delete(s.units, s.unitOrder[0])
		s.unitOrder = s.unitOrder[1:]
	}
	// The cell is one file: yaegi compiles it into the session's package,
	// and executing it runs its init function, which holds the cell's
	// statements. It is parsed here rather than by yaegi, which would
	// parse it twice (once for build constraints, which cells cannot have).
	f, err := parser.ParseFile(s.i.FileSet(), u.Name, u.Source, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, err
	}
	if err := s.loadImports(f); err != nil {
		return nil, nil, err
	}
	prog, err := s.compileAST(f)
	if ferr := s.stop.forgetTrees(); ferr != nil {
		return nil, nil, ferr
	}
	if err != nil {
		return nil, nil, err
	}
	s.cc.Commit(u)
	return prog, u, nil
}

// compileAST has yaegi compile f. yaegi panics on some programs it
// cannot compile (a nil type deep in its control-flow pass, for some
// generic instantiations); that is a compile error of the cell, not a
// reason to end the kernel and lose the session.
func (s *Session) compileAST(f *ast.File) (prog *interp.Program, err error) {
	defer func() {
		if p := recover(); p != nil {
			const what = "the interpreter (yaegi) cannot compile this"
			msg := fmt.Sprint(p)
			if m := posRE.FindStringSubmatch(msg); m != nil {
				// Keep the position, so that the error names the
				// cell's line.
				prog, err = nil, fmt.Errorf("%s:%s:%s: %s (%s)", m[1], m[2], m[3], what, panicDetail(m[4]))
				return
			}
			prog, err = nil, fmt.Errorf("%s (%s)", what, msg)
		}
	}()
	return s.i.CompileAST(f)
}

// innerPosRE matches a position in the compiled file inside yaegi's
// message, which names no line of the cell.
var innerPosRE = regexp.MustCompile(`\S+\.go:\d+:\d+: `)

// panicDetail returns yaegi's panic message without positions in the
// compiled file and without the repeats of its nesting: "CFG post-order
// panic: cell1.go:18:8: CFG post-order panic: runtime error: ..." is
// "CFG post-order panic: runtime error: ...".
func panicDetail(msg string) string {
	parts := strings.Split(innerPosRE.ReplaceAllString(msg, ""), ": ")
	out := parts[:1]
	for _, p := range parts[1:] {
		if p != out[len(out)-1] {
			out = append(out, p)
		}
	}
	return strings.Join(out, ": ")
}

// vetWarnings formats go vet's findings about a cell as lines of its
// stderr, "vet: line L:C: message".
func vetWarnings(found []*cellc.Error) []byte {
	var b []byte
	for _, e := range found {
		b = fmt.Appendf(b, "vet: line %d:%d: %s\n", e.Line, e.Col, e.Msg)
	}
	return b
}

// stopGrace is how long a stopped cell's evaluation may take to unwind
// before Execute returns without it.
const stopGrace = 500 * time.Millisecond

// errGoexit is what ends a cell that called runtime.Goexit.
var errGoexit = errors.New("the cell called runtime.Goexit, which ended it")

// execute runs prog in a goroutine it waits for. When ctx ends, it stops
// all interpreted code and waits for the evaluation to unwind, at most
// stopGrace. An evaluation still blocked after that is in a compiled call
// the stop cannot reach (a locked sync.Mutex's Lock): it is left behind, so that the next cell can
// run, and ends when the call returns; yaegi then finishes that evaluation
// alongside whatever runs, which it does not guard against.
func (s *Session) execute(ctx context.Context, prog *interp.Program) error {
	errc := make(chan error, 1)
	go func() {
		returned := false
		defer func() {
			if !returned {
				errc <- errGoexit // runtime.Goexit is ending the goroutine
			}
		}()
		_, err := s.i.Execute(prog) // recovers the cell's panic as an interp.Panic
		returned = true
		errc <- err
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.stop.stop()
	select {
	case <-errc:
	case <-time.After(stopGrace):
	}
	return ctx.Err()
}

// executeInline runs prog, cell number cell of the stopper, on the
// calling goroutine and returns what the evaluation returned, with ok set. When ctx ends it stops the cell's
// interpreted code; if the evaluation has not returned stopGrace later, or
// it ends the goroutine (runtime.Goexit), the cell is abandoned: abandon
// is called once with the error to report, and executeInline returns ok
// false when the evaluation returns, after which the caller must leave the
// session alone.
func (s *Session) executeInline(ctx context.Context, prog *interp.Program, cell uint64, abandon func(error)) (err error, ok bool) {
	const running, finished, abandoned = 0, 1, 2
	var state atomic.Int32
	done := make(chan struct{})
	stopWatch := context.AfterFunc(ctx, func() {
		if !s.stop.stopCell(cell) {
			return // a later cell is running
		}
		t := time.NewTimer(stopGrace)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
			if state.CompareAndSwap(running, abandoned) {
				abandon(ctx.Err())
			}
		}
	})
	returned := false
	defer func() {
		if returned {
			return
		}
		if p := recover(); p != nil {
			panic(p) // not the cell's: yaegi recovers those
		}
		// runtime.Goexit is ending the goroutine.
		stopWatch()
		if state.CompareAndSwap(running, abandoned) {
			abandon(errGoexit)
		}
	}()
	_, err = s.i.Execute(prog) // recovers the cell's panic as an interp.Panic
	returned = true
	close(done)
	stopWatch()
	if ctx.Err() != nil {
		err = ctx.Err() // stopped, the evaluation returns as if done
	}
	return err, state.CompareAndSwap(running, finished)
}

// positions returns the positioner for errors of cell n: it maps places in
// the compiled files of n and of earlier cells still remembered.
func (s *Session) positions(int) positioner {
	return func(file string, line, col int) (int, int, int, bool) {
		u, ok := s.units[file]
		if !ok || line > u.lines { // past the source: the entry's call
			return 0, 0, 0, false
		}
		l, c, ok := u.Pos(line, col)
		return u.Cell, l, c, ok
	}
}

// panicSites is the panicSite of the units the session remembers.
func (s *Session) panicSites(file string, line, col int) bool {
	u, ok := s.units[file]
	return ok && line <= u.lines && u.PanicSite(line, col)
}

// StopGoroutines stops the interpreted code that goroutines of earlier
// cells left running, without running a cell. Goroutines blocked in a
// compiled call (time.Sleep) end only when that call returns.
func (s *Session) StopGoroutines() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.stop.stop()
}
