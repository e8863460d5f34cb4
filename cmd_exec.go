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
	"gonote/notebooks"
)

// execConfig is what "gonote exec" was asked to do.
type execConfig struct {
	file        string
	out         string
	keepGoing   bool
	cellTimeout time.Duration
}

// runExec is "gonote exec FILE": runs every code cell of FILE (.ipynb, .md
// or .go) in a fresh kernel. Standard output gets exactly what the cells
// wrote to stdout; their stderr and errors go to standard error.
func runExec(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("exec", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg execConfig
	limits := addKernelFlags(fs)
	fs.StringVar(&cfg.out, "out", "", "write the executed notebook, with outputs and timing, to this .ipynb file")
	fs.BoolVar(&cfg.keepGoing, "keep-going", false, "run the remaining cells after a cell fails")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: exec takes one FILE", errUsage)
	}
	cfg.file = fs.Arg(0)
	cfg.cellTimeout = limits.cellTimeout
	if cfg.out != "" && notebooks.FormatOf(cfg.out) != notebooks.IPYNB && notebooks.FormatOf(cfg.out) != notebooks.MD {
		return fmt.Errorf("%w: --out %s: want a .ipynb (or .md) file", errUsage, cfg.out)
	}

	nb, err := readNotebook(cfg.file)
	if err != nil {
		return err
	}
	x := notebooks.NewExecution(nb, notebooks.ExecOptions{
		Name:        cfg.file,
		Stdout:      stdout,
		Stderr:      stderr,
		KeepGoing:   cfg.keepGoing,
		CellTimeout: cfg.cellTimeout,
	})
	// The cells run in a worker process, so a cell that crashes its
	// kernel (concurrent map writes, os.Exit, a runaway allocation) fails
	// with the reason instead of taking exec down.
	kcfg := limits.config()
	kcfg.Late = func(c kernel.Chunk) { x.Late(fromKernelChunk(c)) }
	kcfg.SandboxHide = []string{filepath.Dir(cfg.file)}
	// A cell's os.Exit or log.Fatal ends the run as it ends a Go program,
	// without running deferred functions.
	kcfg.ProgramExit = true
	k, err := kernel.Start(ctx, kcfg)
	if err != nil {
		return fmt.Errorf("exec %s: %w", cfg.file, err)
	}
	rep, err := x.Run(ctx, kernelRunner{k})
	// Close before writing --out, so late output is in the notebook.
	if cerr := k.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("exec %s: %w", cfg.file, err)
	}
	if cfg.out != "" {
		data, err := notebooks.Encode(cfg.out, nb)
		if err != nil {
			return fmt.Errorf("exec %s: %w", cfg.file, err)
		}
		if err := writeFileAtomic(cfg.out, data); err != nil {
			return fmt.Errorf("exec %s: write --out: %w", cfg.file, err)
		}
	}
	if rep.Failed > 0 {
		return errCellFailed
	}
	return nil
}

// writeFileAtomic writes data to name through a temporary file in the same
// folder and a rename, so an interrupted exec never leaves a torn --out file.
func writeFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".gonote-out-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// readNotebook reads FILE as a notebook: .ipynb, .md, or .go (one cell).
func readNotebook(file string) (*notebooks.Notebook, error) {
	if notebooks.FormatOf(file) == "" {
		return nil, fmt.Errorf("%w: exec: cannot run %q files (want .ipynb, .md or .go)", errUsage, filepath.Ext(file))
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("exec: %w", err)
	}
	defer f.Close()
	// One byte over the limit is enough for Decode to refuse the file.
	data, err := io.ReadAll(io.LimitReader(f, notebooks.DefaultFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("exec: %w", err)
	}
	nb, err := notebooks.Decode(file, data, notebooks.Limits{})
	if err != nil {
		return nil, fmt.Errorf("exec: %w", err)
	}
	return nb, nil
}

// kernelRunner adapts a kernel.Runner to notebooks.Runner.
type kernelRunner struct{ r kernel.Runner }

func (k kernelRunner) Execute(ctx context.Context, code string, out func(notebooks.Chunk)) (notebooks.Result, error) {
	res, err := k.r.Execute(ctx, code, func(c kernel.Chunk) { out(fromKernelChunk(c)) })
	if err != nil {
		return notebooks.Result{}, err
	}
	r := notebooks.Result{
		Status:         string(res.Status),
		ExecutionCount: res.ExecutionCount,
		Duration:       res.Duration,
		CPU:            res.CPU,
		GoroutinesLeft: res.GoroutinesLeft,
	}
	if e := res.Error; e != nil {
		r.Error = &notebooks.CellError{Name: e.Name, Message: e.Message, Line: e.Line, Col: e.Col, Traceback: e.Traceback}
	}
	return r, nil
}

func fromKernelChunk(c kernel.Chunk) notebooks.Chunk {
	return notebooks.Chunk{Stream: c.Stream, Text: c.Text, Offset: c.Offset, Cell: c.Cell, Late: c.Late}
}
