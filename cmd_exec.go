package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"gonote/kernel"
	"gonote/kernel/engine"
)

// execConfig is what "gonote exec" was asked to do.
type execConfig struct {
	file        string
	cellTimeout time.Duration
}

// runExec is "gonote exec FILE": runs every code cell of FILE in a fresh
// kernel. Standard output gets exactly what the cells wrote to stdout; their
// stderr and errors go to standard error.
func runExec(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("exec", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg execConfig
	fs.DurationVar(&cfg.cellTimeout, "cell-timeout", 30*time.Second, "stop a cell after this long (0: no limit)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: exec takes one FILE", errUsage)
	}
	cfg.file = fs.Arg(0)

	cells, err := readCells(cfg.file)
	if err != nil {
		return err
	}
	write := func(c kernel.Chunk) {
		w := stdout
		if c.Stream == kernel.Stderr {
			w = stderr
		}
		io.WriteString(w, c.Text)
	}
	s, err := engine.New(engine.Options{Late: write})
	if err != nil {
		return fmt.Errorf("exec %s: %w", cfg.file, err)
	}
	defer s.Close()
	for _, code := range cells {
		cctx, cancel := ctx, context.CancelFunc(func() {})
		if cfg.cellTimeout > 0 {
			cctx, cancel = context.WithTimeout(ctx, cfg.cellTimeout)
		}
		res, err := s.Execute(cctx, code, write)
		cancel()
		if err != nil {
			return fmt.Errorf("exec %s: %w", cfg.file, err)
		}
		if res.Status != kernel.StatusOK {
			printCellError(stderr, cfg.file, res)
			return errCellFailed
		}
	}
	return nil
}

// readCells returns the code cells of file, in order.
func readCells(file string) ([]string, error) {
	switch ext := filepath.Ext(file); ext {
	case ".go":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("exec: %w", err)
		}
		return []string{string(b)}, nil
	default:
		return nil, fmt.Errorf("%w: exec: cannot run %q files (want .go)", errUsage, ext)
	}
}

// printCellError reports a failed cell on w the way go run reports a
// failed program: the message, then the traceback.
func printCellError(w io.Writer, file string, res kernel.Result) {
	e := res.Error
	if e == nil {
		fmt.Fprintf(w, "%s: cell %d: %s\n", file, res.ExecutionCount, res.Status)
		return
	}
	switch {
	case e.Name == "panic" || e.Name == "runtime error":
		for _, l := range e.Traceback {
			fmt.Fprintln(w, l)
		}
	case e.Line > 0:
		fmt.Fprintf(w, "%s:%d:%d: %s\n", file, e.Line, e.Col, e.Message)
	default:
		fmt.Fprintf(w, "%s: %s: %s\n", file, e.Name, e.Message)
	}
	if res.Status != kernel.StatusError {
		fmt.Fprintf(w, "%s: cell %d: %s\n", file, res.ExecutionCount, res.Status)
	}
}
