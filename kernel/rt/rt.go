// Package rt is the small host-side runtime that compiled cells call.
//
// The cell compiler (kernel/cellc) rewrites every go statement of a cell
//
//	go f(x, y)
//
// into a call of this package, with the arguments evaluated first, as Go
// evaluates them at the go statement:
//
//	{ a, b := x, y; rt.Go(7, 3, 2, func() { f(a, b) }) }
//
// where 7 is the cell's execution count and 3:2 the go statement's line and
// column in the cell. Go starts the goroutine, recovers a panic in it (in the
// interpreter a panic in any goroutine other than the evaluating one would
// otherwise kill the process), reports the panic through Hooks.Panic, and
// counts the goroutines each cell has running.
//
// A Runtime belongs to one interpreter session: create it with New, and
// register Symbols with the interpreter (yaegi's Use) so that compiled cells
// can import ImportPath. There is no package-level state.
package rt

import (
	"fmt"
	"reflect"
	"runtime/debug"
	"sync"
)

// ImportPath is the import path compiled cells use for this package.
const ImportPath = "gonote/rt"

// Panic describes a panic in a goroutine a cell started.
type Panic struct {
	// Cell is the execution count of the cell the goroutine is counted
	// for (see Hooks.Current).
	Cell int
	// Source is the execution count of the cell whose code holds the go
	// statement; Line and Col locate that statement in it.
	Source, Line, Col int
	// Value is the value passed to panic (a runtime.Error for run-time
	// panics).
	Value any
	// Stack is the host stack at the panic. The interpreted call chain is
	// what the interpreter itself reports; this is for diagnosing the
	// machinery.
	Stack []byte
}

// Error formats the panic as Go prints it, with the go statement's place.
func (p *Panic) Error() string {
	return fmt.Sprintf("panic: %v [recovered] in goroutine started at cell %d, %d:%d", p.Value, p.Source, p.Line, p.Col)
}

// Hooks are the session's callbacks. Each may be nil. They are called from
// the goroutine concerned, so they must not block for long.
type Hooks struct {
	// Current returns the execution count of the cell running now. A
	// goroutine is counted for (and its panic reported to) the cell that
	// was running when it started, which may be later than the cell whose
	// code holds the go statement. When nil, that code's cell is used.
	Current func() int
	// Panic is called when a goroutine started by a cell panics. The
	// goroutine ends; the process and the session go on.
	Panic func(p *Panic)
	// Exit is called when a goroutine started by a cell returns or
	// panics, after the count of running goroutines was lowered.
	Exit func(cell int)
}

// Runtime counts and supervises the goroutines of one session's cells.
type Runtime struct {
	hooks Hooks

	mu      sync.Mutex
	running map[int]int // cell -> goroutines running
}

// New returns a Runtime reporting to hooks.
func New(hooks Hooks) *Runtime {
	return &Runtime{hooks: hooks, running: map[int]int{}}
}

// Go runs f in a new goroutine; src is the execution count of the cell whose
// code holds the go statement, line and col its place there. A panic in f is
// recovered and reported through Hooks.Panic.
func (r *Runtime) Go(src, line, col int, f func()) {
	cell := src
	if r.hooks.Current != nil {
		cell = r.hooks.Current()
	}
	r.mu.Lock()
	r.running[cell]++
	r.mu.Unlock()
	go r.run(cell, src, line, col, f)
}

func (r *Runtime) run(cell, src, line, col int, f func()) {
	defer func() {
		v := recover()
		// The interpreter re-panics with the value wrapped in a
		// reflect.Value.
		if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
			v = rv.Interface()
		}
		r.mu.Lock()
		if r.running[cell]--; r.running[cell] <= 0 {
			delete(r.running, cell)
		}
		r.mu.Unlock()
		if v != nil && r.hooks.Panic != nil {
			r.hooks.Panic(&Panic{Cell: cell, Source: src, Line: line, Col: col, Value: v, Stack: debug.Stack()})
		}
		if r.hooks.Exit != nil {
			r.hooks.Exit(cell)
		}
	}()
	f()
}

// Running returns how many goroutines started by cell are still running.
// Goroutines started by those goroutines count for the same cell only when
// they too were started by a go statement the compiler rewrote, which is
// every go statement in cell code.
func (r *Runtime) Running(cell int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running[cell]
}

// RunningAll returns how many goroutines started by any cell are running.
func (r *Runtime) RunningAll() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.running {
		n += c
	}
	return n
}

// Symbols returns the package's exported symbols for compiled cells, in the
// form yaegi's Interpreter.Use takes (interp.Exports): the key is
// ImportPath plus "/rt", the package name.
func (r *Runtime) Symbols() map[string]map[string]reflect.Value {
	return map[string]map[string]reflect.Value{
		ImportPath + "/rt": {
			"Go": reflect.ValueOf(r.Go),
		},
	}
}
