// Package kernelcmd is "gonote kernel", the kernel worker process. Two
// binaries run it: gonote itself, and the lean worker that make build
// embeds in gonote (see package workerbin), which holds only what a
// kernel needs.
package kernelcmd

import (
	"context"
	"errors"
	"fmt"
	"io"

	"gonote/kernel"
	"gonote/kernel/engine"
	"gonote/kernel/sandbox"
	"gonote/kernel/worker"
)

// Errors Run returns besides the worker's own.
var (
	// ErrUsage is returned for a command line with arguments.
	ErrUsage = errors.New("kernel takes no arguments")
	// ErrReported is returned when the sandbox could not be set up; the
	// reason was already written to stderr, as a "fatal error:" line
	// that the supervisor reports as the worker's cause of death.
	ErrReported = errors.New("kernel worker failed")
)

// Run is the worker: started by a supervisor with its pipes on fd 3 and
// 4, it lives until the supervisor closes them. ctx is not used for
// stopping, since the supervisor interrupts cells with SIGINT.
func Run(ctx context.Context, args []string, stderr io.Writer) error {
	// A sandboxed worker finishes its sandbox before anything else runs,
	// and never runs a cell without it.
	if err := sandbox.Enter(); err != nil {
		fmt.Fprintf(stderr, "fatal error: %v\n", err)
		return ErrReported
	}
	if len(args) > 0 {
		return ErrUsage
	}
	return worker.Main(context.WithoutCancel(ctx), worker.Options{New: newEngine})
}

// newEngine starts the cell engine a worker runs.
func newEngine(o worker.EngineOptions) (kernel.Runner, error) {
	return engine.New(engine.Options{Late: o.Late, Extra: o.Extra, OutputLimit: o.OutputLimit, Exit: o.Exit})
}
