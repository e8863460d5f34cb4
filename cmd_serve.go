package main

import (
	"context"
	"errors"
	"io"
)

// runServe is "gonote serve": flags into a server.Config, then server.Run.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("serve: not built yet")
}
