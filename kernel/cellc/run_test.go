package cellc

import (
	"bytes"
	"context"
	"fmt"
	"go/parser"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"gonote/kernel/rt"
)

// yaegiSession runs compiled cells in a real yaegi interpreter, the way the
// engine does, so tests can compare the output with Go's.
type yaegiSession struct {
	t   *testing.T
	cs  *Session
	fs  fstest.MapFS
	in  *interp.Interpreter
	out *syncBuffer
	n   int
	rt  *rt.Runtime
	// panics receives the goroutine panics the runtime reports.
	panics chan *rt.Panic
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.b.String()
	b.b.Reset()
	return s
}

func newYaegiSession(t *testing.T) *yaegiSession {
	t.Helper()
	y := &yaegiSession{t: t, cs: NewSession(), fs: fstest.MapFS{}, out: &syncBuffer{}, panics: make(chan *rt.Panic, 16)}
	y.rt = rt.New(rt.Hooks{Panic: func(p *rt.Panic) {
		select {
		case y.panics <- p:
		default:
		}
	}})
	y.in = interp.New(interp.Options{SourcecodeFilesystem: y.fs, Stdout: y.out, Stderr: &syncBuffer{}})
	if err := y.in.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := y.in.Use(y.rt.Symbols()); err != nil {
		t.Fatal(err)
	}
	return y
}

// run compiles and runs one cell; it returns the cell's stdout and its
// error (a compile error, or the interpreter's).
func (y *yaegiSession) run(src string) (string, error) {
	y.t.Helper()
	y.n++
	u, err := y.cs.Compile(src, y.n)
	if err != nil {
		return "", err
	}
	f, err := parser.ParseFile(y.in.FileSet(), u.Name, u.Source, 0)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w\n%s", u.Name, err, u.Source)
	}
	prog, err := y.in.CompileAST(f)
	if err != nil {
		return "", fmt.Errorf("compile %s: %w\n%s", u.Name, err, u.Source)
	}
	y.cs.Commit(u)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := y.in.ExecuteWithContext(ctx, prog); err != nil {
		return y.out.take(), fmt.Errorf("run: %w", err)
	}
	return y.out.take(), nil
}
