package notebooks

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Runner runs Go cells in one kernel session, keeping state from cell to
// cell. The kernel implements it through a small adapter; this package does
// not import the kernel.
type Runner interface {
	// Execute runs code as the next cell. out is called for each chunk of
	// output as it is written, in order, before Execute returns. A failing
	// cell is a Result with an Error, not a Go error; a Go error means the
	// kernel broke.
	Execute(ctx context.Context, code string, out func(Chunk)) (Result, error)
}

// Chunk is one piece of a cell's output.
type Chunk struct {
	// Stream is "stdout" or "stderr".
	Stream string
	Text   string
	// Offset is the time from the owning cell's start to the write.
	Offset time.Duration
	// Cell is the execution count of the cell that owns the chunk, and
	// Late marks output written after that cell ended.
	Cell int
	Late bool
}

// StatusOK is the status of a cell that ran to the end.
const StatusOK = "ok"

// Result is how one cell run ended.
type Result struct {
	// Status is "ok", "error", "interrupted", "timed out" or "kernel died".
	Status         string
	ExecutionCount int
	Duration       time.Duration
	CPU            time.Duration
	GoroutinesLeft int
	// Error says why the cell failed; nil when Status is StatusOK.
	Error *CellError
}

// CellError is a failure in the cell's own terms.
type CellError struct {
	// Name is the kind of failure ("panic", "compile error", ...).
	Name    string
	Message string
	// Line and Col locate the failure in the cell, 1-based; 0 when unknown.
	Line, Col int
	Traceback []string
}

// ExecOptions configure Exec.
type ExecOptions struct {
	// Name is the file the notebook came from, used in messages.
	Name string
	// Stdout and Stderr receive the cells' output streams as they are
	// written; cell failures are reported on Stderr. Nil discards.
	Stdout, Stderr io.Writer
	// KeepGoing runs the remaining cells after a cell fails.
	KeepGoing bool
	// CellTimeout bounds each cell; zero means no limit.
	CellTimeout time.Duration
	// Now returns the time for the execution timestamps; nil is time.Now.
	Now func() time.Time
}

// ExecReport counts what Exec did with the code cells.
type ExecReport struct {
	Ran, Failed, Skipped int
	// FirstFailure is the 1-based number, among code cells, of the first
	// cell that failed; 0 when none did.
	FirstFailure int
}

// Execution runs a notebook's code cells in order, as "jupyter nbconvert
// --execute" does, recording outputs, execution counts and timing in the
// cells.
type Execution struct {
	nb  *Notebook
	opt ExecOptions

	mu      sync.Mutex // guards what follows and writes to Stdout/Stderr
	byCount map[int]*cellRun
	current *cellRun
}

// cellRun is one cell being run.
type cellRun struct {
	cell   *Cell
	timing Timing
}

// NewExecution prepares to run nb.
func NewExecution(nb *Notebook, opt ExecOptions) *Execution {
	if opt.Stdout == nil {
		opt.Stdout = io.Discard
	}
	if opt.Stderr == nil {
		opt.Stderr = io.Discard
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Execution{nb: nb, opt: opt, byCount: map[int]*cellRun{}}
}

// Exec runs every code cell of nb through r; see [Execution.Run].
func Exec(ctx context.Context, r Runner, nb *Notebook, opt ExecOptions) (ExecReport, error) {
	return NewExecution(nb, opt).Run(ctx, r)
}

// Late records output that arrived outside Execute, such as a goroutine's
// output after its cell ended, delivered by the kernel's late-output hook.
// It may be called from any goroutine.
func (x *Execution) Late(c Chunk) {
	x.mu.Lock()
	defer x.mu.Unlock()
	c.Late = true
	x.add(c)
}

// Run clears every code cell's previous outputs, then runs the code cells
// in order. Streams go to the writers as they arrive; a failed cell is
// reported on Stderr with its number among the code cells and its line, and
// the cells after it are skipped unless KeepGoing. The notebook is marked
// as a gonote notebook. An error means the kernel broke, not that a cell
// failed.
func (x *Execution) Run(ctx context.Context, r Runner) (ExecReport, error) {
	var rep ExecReport
	for _, c := range x.nb.Cells {
		if c.Type == Code {
			c.ClearRun()
		}
	}
	x.nb.SetKernel()
	n := 0
	for _, c := range x.nb.Cells {
		if c.Type != Code {
			continue
		}
		n++
		if rep.Failed > 0 && !x.opt.KeepGoing {
			rep.Skipped++
			continue
		}
		res, err := x.runCell(ctx, r, c)
		if err != nil {
			return rep, fmt.Errorf("run cell %d: %w", n, err)
		}
		rep.Ran++
		if res.Status != StatusOK {
			rep.Failed++
			if rep.FirstFailure == 0 {
				rep.FirstFailure = n
			}
			x.report(n, c, res)
		}
	}
	return rep, nil
}

func (x *Execution) runCell(ctx context.Context, r Runner, c *Cell) (Result, error) {
	run := &cellRun{cell: c}
	x.mu.Lock()
	x.current = run
	run.timing.Start = x.opt.Now()
	x.mu.Unlock()

	cctx, cancel := ctx, context.CancelFunc(func() {})
	if x.opt.CellTimeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, x.opt.CellTimeout)
	}
	res, err := r.Execute(cctx, c.Source, func(ch Chunk) {
		x.mu.Lock()
		defer x.mu.Unlock()
		x.add(ch)
	})
	cancel()

	x.mu.Lock()
	defer x.mu.Unlock()
	x.current = nil
	if err != nil {
		return res, err
	}
	count := res.ExecutionCount
	c.ExecutionCount = &count
	x.byCount[count] = run
	if res.Status != StatusOK {
		c.Outputs = append(c.Outputs, errorOutput(res))
	}
	t := &run.timing
	t.End = x.opt.Now()
	t.Status = res.Status
	t.Duration = res.Duration
	t.CPU = res.CPU
	t.GoroutinesLeft = res.GoroutinesLeft
	c.SetTiming(*t)
	return res, nil
}

// add writes a chunk to its stream and appends it to the outputs of the
// cell that owns it. x.mu is held.
func (x *Execution) add(ch Chunk) {
	w := x.opt.Stdout
	if ch.Stream == "stderr" {
		w = x.opt.Stderr
	}
	io.WriteString(w, ch.Text)

	run := x.current
	if owner, ok := x.byCount[ch.Cell]; ok && (ch.Late || run == nil) {
		run = owner
	}
	if run == nil {
		return // late output of a cell this execution did not run
	}
	c := run.cell
	last := len(c.Outputs) - 1
	if last < 0 || c.Outputs[last].Type != OutputStream || c.Outputs[last].Name != ch.Stream {
		c.Outputs = append(c.Outputs, Output{Type: OutputStream, Name: ch.Stream})
		last++
	}
	if len(run.timing.Chunks) < MaxChunkTimes {
		run.timing.Chunks = append(run.timing.Chunks, ChunkTime{Output: last, Pos: len(c.Outputs[last].Text), Offset: ch.Offset, Late: ch.Late})
	} else {
		run.timing.ChunksDropped++
	}
	c.Outputs[last].Text += ch.Text
	if ch.Late {
		// Late output changes a finished cell's timing record too.
		c.SetTiming(run.timing)
	}
}

// errorOutput is the nbformat error output for a failed run.
func errorOutput(res Result) Output {
	e := res.Error
	if e == nil {
		e = &CellError{Name: res.Status, Message: "cell " + res.Status}
	}
	tb := e.Traceback
	if len(tb) == 0 {
		tb = []string{e.Name + ": " + e.Message}
	}
	return Output{Type: OutputError, EName: e.Name, EValue: e.Message, Traceback: tb}
}

// report writes a failed cell's error to Stderr: the file and line when
// the cell's place in the file is known, the cell's number among the code
// cells, the line in the cell, the error and its traceback. x.mu is not held.
func (x *Execution) report(n int, c *Cell, res Result) {
	e := res.Error
	if e == nil {
		e = &CellError{Name: res.Status, Message: "cell " + res.Status}
	}
	var b strings.Builder
	name := x.opt.Name
	if name == "" {
		name = "notebook"
	}
	col := ""
	if e.Col > 0 {
		col = fmt.Sprintf(":%d", e.Col)
	}
	switch {
	case e.Line > 0 && c.Line > 0:
		fmt.Fprintf(&b, "%s:%d%s: cell %d, line %d: ", name, c.Line+e.Line-1, col, n, e.Line)
	case e.Line > 0:
		fmt.Fprintf(&b, "%s: cell %d, line %d%s: ", name, n, e.Line, col)
	default:
		fmt.Fprintf(&b, "%s: cell %d: ", name, n)
	}
	fmt.Fprintf(&b, "%s: %s\n", e.Name, e.Message)
	for _, l := range e.Traceback {
		if l == e.Name+": "+e.Message {
			continue
		}
		l = strings.TrimRight(l, "\n")
		if !strings.HasPrefix(l, "\t") {
			l = "\t" + strings.ReplaceAll(l, "\n", "\n\t")
		}
		b.WriteString(l + "\n")
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	io.WriteString(x.opt.Stderr, b.String())
}
