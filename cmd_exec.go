package main

import (
	"context"
	"errors"
	"io"
)

// runExec is "gonote exec FILE": runs every code cell of FILE in a fresh kernel.
func runExec(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("exec: not built yet")
}
