// Command gonote is a self-hosted, Jupyter-style notebook for Go.
//
//	gonote serve [--addr 127.0.0.1:8888] [--dir DIR] [--token T | --no-auth]
//	gonote exec FILE [--out OUT.ipynb] [--cell-timeout 30s]
//	gonote kernel   # the worker process; the server starts it, users never do
//	gonote version
//
// main only parses the command line and hands over to the packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// errUsage marks a command-line mistake; main exits 2 for it.
var errUsage = errors.New("usage")

// errCellFailed makes main exit 1 without printing more: the failure was
// already reported on standard error.
var errCellFailed = errors.New("a cell failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		// The flag package already printed the command's flags.
	case errors.Is(err, errCellFailed):
		os.Exit(1)
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "gonote:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "gonote:", err)
		os.Exit(1)
	}
}

const usage = `usage:
  gonote serve [--addr 127.0.0.1:8888] [--dir DIR] [--token T | --no-auth]
  gonote exec FILE [--out OUT.ipynb] [--cell-timeout 30s]
  gonote kernel
  gonote version
run "gonote COMMAND -h" for a command's flags`

// run dispatches a subcommand. It is main without the process: tests call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return runServe(ctx, rest, stdin, stdout, stderr)
	case "exec":
		return runExec(ctx, rest, stdout, stderr)
	case "kernel":
		return runKernel(ctx, rest, stdin, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "gonote", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		fmt.Fprintln(stderr, usage)
		return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
	}
}
