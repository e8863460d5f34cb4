package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"reflect"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"
)

// stdio returns the overrides that point every output route of the
// standard library at the session's pipes, and os.Stdin at an empty one:
// in a worker process the real standard input carries the supervisor's
// messages. yaegi's own restricted mode redirects only fmt.Print* and log
// and leaves os.Stdout, os.Stderr and log/slog writing to the host; here
// they are all rebound per session, keeping their Go types (os.Stdout
// stays an *os.File).
//
// The overrides are Used over each package's table when a cell first
// imports it, after the caller's extras. known is symbols.MapTypes(); the
// second result holds the interface wrappers of the replacements.
func stdio(r *router, known map[reflect.Value][]reflect.Type, exit func(int)) (interp.Exports, map[reflect.Value][]reflect.Type) {
	stdout, stderr := r.stdout, r.stderr
	stdoutVar, stderrVar, stdinVar := r.stdoutW, r.stderrW, r.stdinR
	routes := interp.Exports{"os/os": {
		"Stdin":  reflect.ValueOf(&stdinVar).Elem(),
		"Stdout": reflect.ValueOf(&stdoutVar).Elem(),
		"Stderr": reflect.ValueOf(&stderrVar).Elem(),
	}}

	mapTypes := map[reflect.Value][]reflect.Type{}
	replace := func(pkg string, name string, orig, repl any) {
		v := reflect.ValueOf(repl)
		key := pkg + "/" + pkgName(pkg)
		if routes[key] == nil {
			routes[key] = map[string]reflect.Value{}
		}
		routes[key][name] = v
		if ts, ok := known[reflect.ValueOf(orig)]; ok {
			mapTypes[v] = ts
		}
	}

	replace("fmt", "Print", fmt.Print, func(a ...any) (int, error) { return fmt.Fprint(stdout, a...) })
	replace("fmt", "Printf", fmt.Printf, func(f string, a ...any) (int, error) { return fmt.Fprintf(stdout, f, a...) })
	replace("fmt", "Println", fmt.Println, func(a ...any) (int, error) { return fmt.Fprintln(stdout, a...) })

	replace("errors", "As", errors.As, errorsAs)

	l := log.New(stderr, "", log.LstdFlags)
	// A cell cannot end its kernel, unless exit is given (gonote exec):
	// Fatal reports and panics, as yaegi's restricted mode does for
	// os.Exit, or reports and exits, as Go does.
	fatal, fatalf, fatalln := l.Panic, l.Panicf, l.Panicln
	if exit != nil {
		fatal = func(v ...any) { l.Output(2, fmt.Sprint(v...)); exit(1) }
		fatalf = func(f string, v ...any) { l.Output(2, fmt.Sprintf(f, v...)); exit(1) }
		fatalln = func(v ...any) { l.Output(2, fmt.Sprintln(v...)); exit(1) }
	}
	for name, pair := range map[string][2]any{
		"Print": {log.Print, l.Print}, "Printf": {log.Printf, l.Printf}, "Println": {log.Println, l.Println},
		"Panic": {log.Panic, l.Panic}, "Panicf": {log.Panicf, l.Panicf}, "Panicln": {log.Panicln, l.Panicln},
		"Fatal": {log.Fatal, fatal}, "Fatalf": {log.Fatalf, fatalf}, "Fatalln": {log.Fatalln, fatalln},
		"Flags": {log.Flags, l.Flags}, "SetFlags": {log.SetFlags, l.SetFlags},
		"Prefix": {log.Prefix, l.Prefix}, "SetPrefix": {log.SetPrefix, l.SetPrefix},
		"Output": {log.Output, l.Output}, "SetOutput": {log.SetOutput, l.SetOutput},
		"Writer":  {log.Writer, l.Writer},
		"Default": {log.Default, func() *log.Logger { return l }},
	} {
		replace("log", name, pair[0], pair[1])
	}

	d := &slogDefault{logger: slog.New(newTextDefaultHandler(l, slog.LevelInfo))}
	for name, pair := range map[string][2]any{
		"Debug": {slog.Debug, func(msg string, args ...any) { d.get().Debug(msg, args...) }},
		"Info":  {slog.Info, func(msg string, args ...any) { d.get().Info(msg, args...) }},
		"Warn":  {slog.Warn, func(msg string, args ...any) { d.get().Warn(msg, args...) }},
		"Error": {slog.Error, func(msg string, args ...any) { d.get().Error(msg, args...) }},
		"DebugContext": {slog.DebugContext, func(ctx context.Context, msg string, args ...any) {
			d.get().DebugContext(ctx, msg, args...)
		}},
		"InfoContext": {slog.InfoContext, func(ctx context.Context, msg string, args ...any) {
			d.get().InfoContext(ctx, msg, args...)
		}},
		"WarnContext": {slog.WarnContext, func(ctx context.Context, msg string, args ...any) {
			d.get().WarnContext(ctx, msg, args...)
		}},
		"ErrorContext": {slog.ErrorContext, func(ctx context.Context, msg string, args ...any) {
			d.get().ErrorContext(ctx, msg, args...)
		}},
		"Log": {slog.Log, func(ctx context.Context, level slog.Level, msg string, args ...any) {
			d.get().Log(ctx, level, msg, args...)
		}},
		"LogAttrs": {slog.LogAttrs, func(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
			d.get().LogAttrs(ctx, level, msg, attrs...)
		}},
		"Default":    {slog.Default, d.get},
		"SetDefault": {slog.SetDefault, d.set},
	} {
		replace("log/slog", name, pair[0], pair[1])
	}
	return routes, mapTypes
}

// slogDefault is one session's slog default logger.
type slogDefault struct {
	mu     sync.Mutex
	logger *slog.Logger
}

func (d *slogDefault) get() *slog.Logger {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.logger
}

func (d *slogDefault) set(l *slog.Logger) {
	d.mu.Lock()
	d.logger = l
	d.mu.Unlock()
}

// textDefaultHandler formats records as slog's default handler does, through
// a *log.Logger: "2009/11/10 23:00:00 INFO msg k=v". The attributes are
// formatted by a TextHandler with the built-in keys removed.
type textDefaultHandler struct {
	out   *log.Logger
	level slog.Leveler
	attrs slog.Handler
	buf   *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) { return b.b.Write(p) }

func newTextDefaultHandler(out *log.Logger, level slog.Leveler) *textDefaultHandler {
	buf := &lockedBuffer{}
	drop := func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && (a.Key == slog.LevelKey || a.Key == slog.MessageKey || a.Key == slog.TimeKey) {
			return slog.Attr{}
		}
		return a
	}
	return &textDefaultHandler{
		out:   out,
		level: level,
		attrs: slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: drop}),
		buf:   buf,
	}
}

func (h *textDefaultHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

func (h *textDefaultHandler) Handle(ctx context.Context, r slog.Record) error {
	plain := slog.NewRecord(r.Time, r.Level, "", r.PC)
	r.Attrs(func(a slog.Attr) bool { plain.AddAttrs(a); return true })
	h.buf.mu.Lock()
	h.buf.b.Reset()
	err := h.attrs.Handle(ctx, plain)
	attrs := strings.TrimSuffix(h.buf.b.String(), "\n")
	h.buf.mu.Unlock()
	if err != nil {
		return err
	}
	line := r.Level.String() + " " + r.Message
	if attrs != "" {
		line += " " + attrs
	}
	return h.out.Output(0, line)
}

func (h *textDefaultHandler) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.attrs = h.attrs.WithAttrs(as)
	return &c
}

func (h *textDefaultHandler) WithGroup(name string) slog.Handler {
	c := *h
	c.attrs = h.attrs.WithGroup(name)
	return &c
}

// traceWriter receives what yaegi itself writes to its Stderr: the lines
// "FILE:L:C: panic: FUNC(...)" that trace a panic through interpreted frames,
// written by the panicking goroutine as the panic unwinds. It keeps them,
// with the goroutine that wrote them, for the traceback, and passes anything
// else on to the cell's stderr.
type traceWriter struct {
	mu     sync.Mutex
	lines  []traceLine
	partly string
	other  io.Writer
}

type traceLine struct {
	goid uint64
	text string
}

// maxTrace bounds the lines kept: a deep recursion traces every frame.
const maxTrace = 200

func (t *traceWriter) Write(p []byte) (int, error) {
	id := goid()
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.partly + string(p)
	t.partly = ""
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			t.partly = s
			break
		}
		line := s[:i]
		s = s[i+1:]
		if strings.Contains(line, ": panic: ") {
			if len(t.lines) < maxTrace {
				t.lines = append(t.lines, traceLine{id, line})
			}
			continue
		}
		if _, err := io.WriteString(t.other, line+"\n"); err != nil {
			return len(p), err
		}
	}
	return len(p), nil
}

// reset forgets all lines.
func (t *traceWriter) reset() {
	t.mu.Lock()
	t.lines = nil
	t.mu.Unlock()
}

// takeFor returns and forgets the lines goroutine id wrote.
func (t *traceWriter) takeFor(id uint64) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var mine []string
	rest := t.lines[:0]
	for _, l := range t.lines {
		if l.goid == id {
			mine = append(mine, l.text)
		} else {
			rest = append(rest, l)
		}
	}
	t.lines = rest
	return mine
}

// takeLast returns the lines of the goroutine that wrote last: the one whose
// panic ended the cell.
func (t *traceWriter) takeLast() []string {
	t.mu.Lock()
	if len(t.lines) == 0 {
		t.mu.Unlock()
		return nil
	}
	id := t.lines[len(t.lines)-1].goid
	t.mu.Unlock()
	return t.takeFor(id)
}
