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
// Select runs the select statements of a cell's functions, each run with
// a list of cases of its own (see Runtime.Select).
//
// Go also labels each goroutine with its Site, the go statement's place, as
// a runtime/pprof goroutine label (key LabelKey). Labels cost a pointer
// store per goroutine, where learning a goroutine's id costs microseconds;
// stack dumps print them in each goroutine's header when the process runs
// with GODEBUG=tracebacklabels=1, as the kernel's worker does, so that its
// reports about goroutines can name cell lines.
//
// A Runtime belongs to one interpreter session: create it with New, and
// register Symbols with the interpreter (yaegi's Use) so that compiled cells
// can import ImportPath. There is no package-level state.
package rt

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
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
	// Done returns the channel that closes when the session stops its
	// interpreted code; Select ends a goroutine waiting when it closes.
	// When nil, Select waits for its own cases only.
	Done func() <-chan struct{}
}

// LabelKey is the key of the goroutine label that Go gives each goroutine;
// its value is the goroutine's Site, formatted by Site.String.
const LabelKey = "gonote.go"

// Site says where a goroutine that a cell started was started.
type Site struct {
	// Cell is the execution count of the cell the goroutine is counted
	// for (see Hooks.Current).
	Cell int
	// Source is the execution count of the cell whose code holds the go
	// statement; Line and Col locate that statement in it.
	Source, Line, Col int
}

// String formats s as its label value: "cell:source:line:col".
func (s Site) String() string {
	return fmt.Sprintf("%d:%d:%d:%d", s.Cell, s.Source, s.Line, s.Col)
}

// ParseSite parses a label value that Site.String made.
func ParseSite(v string) (Site, bool) {
	parts := strings.Split(v, ":")
	if len(parts) != 4 {
		return Site{}, false
	}
	var n [4]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil {
			return Site{}, false
		}
		n[i] = x
	}
	return Site{Cell: n[0], Source: n[1], Line: n[2], Col: n[3]}, true
}

// Runtime counts and supervises the goroutines of one session's cells.
type Runtime struct {
	hooks Hooks

	mu      sync.Mutex
	running map[int]int // cell -> goroutines running
	// labels holds, for each cell with goroutines running, the label
	// context of each site, so that a go statement in a loop makes its
	// labels once.
	labels map[int]map[Site]context.Context
}

// New returns a Runtime reporting to hooks.
func New(hooks Hooks) *Runtime {
	return &Runtime{hooks: hooks, running: map[int]int{}, labels: map[int]map[Site]context.Context{}}
}

// Go runs f in a new goroutine; src is the execution count of the cell whose
// code holds the go statement, line and col its place there. A panic in f is
// recovered and reported through Hooks.Panic.
func (r *Runtime) Go(src, line, col int, f func()) {
	cell := src
	if r.hooks.Current != nil {
		cell = r.hooks.Current()
	}
	site := Site{Cell: cell, Source: src, Line: line, Col: col}
	r.mu.Lock()
	r.running[cell]++
	sites := r.labels[cell]
	if sites == nil {
		sites = map[Site]context.Context{}
		r.labels[cell] = sites
	}
	labels := sites[site]
	if labels == nil {
		labels = pprof.WithLabels(context.Background(), pprof.Labels(LabelKey, site.String()))
		sites[site] = labels
	}
	r.mu.Unlock()
	go r.run(site, labels, f)
}

// run runs f as the goroutine started at site. Until it sets its own
// labels, a new goroutine has those of the goroutine that started it.
func (r *Runtime) run(site Site, labels context.Context, f func()) {
	pprof.SetGoroutineLabels(labels)
	cell := site.Cell
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
			delete(r.labels, cell)
		}
		r.mu.Unlock()
		if v != nil && r.hooks.Panic != nil {
			r.hooks.Panic(&Panic{Cell: cell, Source: site.Source, Line: site.Line, Col: site.Col, Value: v, Stack: debug.Stack()})
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
			"Go":     reflect.ValueOf(r.Go),
			"Select": reflect.ValueOf(r.Select),
		},
	}
}

// Select runs a select statement of a cell's function, written by the cell
// compiler's select pass: yaegi keeps one list of cases per select
// statement and fills it in on each run, so goroutines running the same
// statement at once overwrite each other's, and one sends another's value
// or receives from another's channel. Here each run has a list of its own.
//
// spec has a letter per case, in order: 'r' a receive, whose arguments are
// the channel and pointers to the variables for the value and the ok flag
// (nil when not kept); 's' a send, with the channel and a pointer to the
// value; 'd' the default. Select returns the number of the case chosen,
// from 1. When Hooks.Done closes first, the goroutine ends
// (runtime.Goexit), as the interpreter ends code it stops.
func (r *Runtime) Select(spec string, args ...any) int {
	cases := make([]reflect.SelectCase, len(spec), len(spec)+1)
	into := make([][2]reflect.Value, len(spec))
	a := 0
	for i := range len(spec) {
		switch spec[i] {
		case 'r':
			cases[i] = reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(args[a])}
			into[i] = [2]reflect.Value{pointee(args[a+1]), pointee(args[a+2])}
			a += 3
		case 's':
			cases[i] = reflect.SelectCase{Dir: reflect.SelectSend, Chan: reflect.ValueOf(args[a]), Send: pointee(args[a+1])}
			a += 2
		default:
			cases[i] = reflect.SelectCase{Dir: reflect.SelectDefault}
		}
	}
	if r.hooks.Done != nil {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(r.hooks.Done())})
	}
	i, v, ok := reflect.Select(cases)
	if i == len(spec) {
		runtime.Goexit()
	}
	if dst := into[i][0]; dst.IsValid() {
		dst.Set(v)
	}
	if dst := into[i][1]; dst.IsValid() {
		dst.SetBool(ok)
	}
	return i + 1
}

// pointee returns what p points to, or the zero Value when p is nil.
func pointee(p any) reflect.Value {
	if p == nil {
		return reflect.Value{}
	}
	return reflect.ValueOf(p).Elem()
}
