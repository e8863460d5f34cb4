package main

import (
	"context"
	"errors"
	"io"
)

// runKernel is "gonote kernel": the worker role, started by a supervisor.
func runKernel(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("kernel: not built yet")
}
