// Command gonote-kernel is the lean kernel worker: "gonote kernel" without
// the web server, the Markdown renderer and the rest of gonote, whose
// package initialisation would take a third of every kernel's start and a
// third of its memory. make build embeds it in gonote (see package
// workerbin); it is never installed on its own.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"gonote/kernel/kernelcmd"
)

func main() {
	// Executed as /proc/self/fd/N, the process would be listed as "N".
	// Only cosmetic, so an error is of no matter.
	_ = os.WriteFile("/proc/self/comm", []byte("gonote-kernel"), 0)
	// Started as "gonote-kernel kernel", like "gonote kernel".
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "kernel" {
		args = args[1:]
	}
	err := kernelcmd.Run(context.Background(), args, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, kernelcmd.ErrReported):
		os.Exit(1)
	case errors.Is(err, kernelcmd.ErrUsage):
		fmt.Fprintln(os.Stderr, "gonote-kernel:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "gonote-kernel:", err)
		os.Exit(1)
	}
}
