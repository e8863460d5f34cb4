package kernel

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Status says how a cell run ended.
type Status string

// The statuses a cell run can end with. The strings are part of the HTTP API
// and the .ipynb metadata, so they never change.
const (
	StatusOK          Status = "ok"
	StatusError       Status = "error"
	StatusInterrupted Status = "interrupted"
	StatusTimedOut    Status = "timed out"
	StatusDied        Status = "kernel died"
)

// Stream names, as Jupyter spells them.
const (
	Stdout = "stdout"
	Stderr = "stderr"
)

// Sentinel errors. A non-nil error from Execute means the machinery broke,
// never that the cell failed: a failing cell is a Result with a CellError.
var (
	// ErrDead is returned when a kernel was closed or its worker cannot be
	// (re)started.
	ErrDead = errors.New("kernel is dead")
	// ErrBusy is returned when a kernel refuses more queued work.
	ErrBusy = errors.New("kernel is busy")
	// ErrLimit is returned when starting a kernel would exceed the number
	// of live kernels allowed.
	ErrLimit = errors.New("kernel limit reached")
	// ErrAbandoned is returned by a runner that runs a cell on the
	// caller's goroutine when it gave the cell's result elsewhere, because
	// the cell could not be stopped in time or ended that goroutine.
	ErrAbandoned = errors.New("cell abandoned")
)

// Chunk is one piece of output, delivered the moment it was written.
type Chunk struct {
	// Stream is Stdout or Stderr.
	Stream string `json:"name"`
	// Text is the bytes written, as UTF-8 text.
	Text string `json:"text"`
	// Offset is the time from the start of the owning cell to the write.
	Offset time.Duration `json:"t_ns"`
	// Cell is the execution count of the cell that owns the output: the
	// cell whose code (or a goroutine it started) wrote it.
	Cell int `json:"cell,omitempty"`
	// Late is true for output written after its cell had ended, for
	// example by a goroutine the cell left running.
	Late bool `json:"late,omitempty"`
}

// CellError says why a cell failed, in the cell's own terms.
type CellError struct {
	// Name is the kind of failure: "compile error", "panic",
	// "runtime error", "fatal error", "timeout", "interrupted", ...
	Name string `json:"ename"`
	// Message is the error text as Go would print it, without position.
	Message string `json:"evalue"`
	// Line and Col locate the failure in the cell (1-based); 0 when the
	// failure has no position in the cell.
	Line int `json:"line,omitempty"`
	Col  int `json:"col,omitempty"`
	// Traceback lists the lines to show: for a panic, the interpreted call
	// chain, innermost first, each naming cell lines.
	Traceback []string `json:"traceback"`
}

// Error formats the error as "line:col: message".
func (e *CellError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Message)
	}
	return e.Message
}

// Result is what one cell run reports when it ends.
type Result struct {
	Status         Status `json:"status"`
	ExecutionCount int    `json:"execution_count"`
	// Duration is the cell's wall time; CPU is user+system CPU time used
	// by the kernel while the cell ran, so CPU > Duration shows parallelism.
	Duration time.Duration `json:"duration_ns"`
	CPU      time.Duration `json:"cpu_ns"`
	// GoroutinesLeft counts goroutines the cell started that were still
	// running when it ended; Goroutines describes them.
	GoroutinesLeft int    `json:"goroutines_left"`
	Goroutines     string `json:"goroutines,omitempty"`
	// Error is set when Status is not StatusOK.
	Error *CellError `json:"error,omitempty"`
	// ImportsAdded and ImportsRemoved list the import paths the cell
	// compiler added or dropped, as goimports would.
	ImportsAdded   []string `json:"imports_added,omitempty"`
	ImportsRemoved []string `json:"imports_removed,omitempty"`
	// Note is a line for the person running the cell, such as
	// "interrupted; kernel restarted, variables lost".
	Note string `json:"note,omitempty"`
}

// Runner runs cells. The in-process engine and the process supervisor both
// implement it, so exec, the server and tests can use either.
type Runner interface {
	// Execute runs code as the next cell. out is called for each chunk of
	// output as it is written, from one goroutine at a time, in order,
	// before Execute returns. A failing cell is a Result, not an error.
	Execute(ctx context.Context, code string, out func(Chunk)) (Result, error)
	// Close stops the runner and waits for everything it started.
	Close() error
}
