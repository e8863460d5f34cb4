package main

import (
	"context"
	"fmt"
	"io"

	"gonote/kernel"
	"gonote/kernel/engine"
	"gonote/kernel/sandbox"
	"gonote/kernel/worker"
)

// runKernel is "gonote kernel": the worker role, started by a supervisor
// with its pipes on fd 3 and 4. It lives until the supervisor closes them,
// so it ignores the signals that end the other commands (the supervisor
// uses SIGINT to interrupt a cell).
func runKernel(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	// A sandboxed worker finishes its sandbox before anything else runs,
	// and never runs a cell without it.
	if err := sandbox.Enter(); err != nil {
		// The supervisor reports a dead worker by its "fatal error:" line.
		fmt.Fprintf(stderr, "fatal error: %v\n", err)
		return errCellFailed
	}
	if len(args) > 0 {
		return fmt.Errorf("%w: kernel takes no arguments", errUsage)
	}
	return worker.Main(context.WithoutCancel(ctx), worker.Options{New: newEngine})
}

// newEngine starts the cell engine a worker runs.
func newEngine(o worker.EngineOptions) (kernel.Runner, error) {
	return engine.New(engine.Options{Late: o.Late, Extra: o.Extra, OutputLimit: o.OutputLimit, Exit: o.Exit})
}
