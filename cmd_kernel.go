package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"gonote/kernel/kernelcmd"
)

// runKernel is "gonote kernel": the worker role, started by a supervisor
// with its pipes on fd 3 and 4. It lives until the supervisor closes them,
// so it ignores the signals that end the other commands (the supervisor
// uses SIGINT to interrupt a cell).
func runKernel(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := kernelcmd.Run(ctx, args, stderr)
	switch {
	case errors.Is(err, kernelcmd.ErrUsage):
		return fmt.Errorf("%w: %v", errUsage, err)
	case errors.Is(err, kernelcmd.ErrReported):
		return errCellFailed
	}
	return err
}
