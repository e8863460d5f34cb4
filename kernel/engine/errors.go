package engine

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"

	"gonote/kernel"
	"gonote/kernel/cellc"
)

// posRE matches yaegi's error and trace positions: "[FILE:]LINE:COL: TEXT".
var posRE = regexp.MustCompile(`^(?:(\S+?):)?(\d+):(\d+): (.*)$`)

// positioner maps a position in a file yaegi ran back to a cell: its
// execution count, line and column. ok is false when the position has no
// counterpart in a cell (code the compiler added, or a cell forgotten).
type positioner func(file string, line, col int) (cell, cellLine, cellCol int, ok bool)

// panicSite reports whether a position in a file yaegi ran is a panic the
// cell compiler gave a frame of its own (cellc.Unit.PanicSite): that frame
// is the compiler's, and its position is where its caller panicked.
type panicSite func(file string, line, col int) bool

// cellError turns the failure of cell n into its status and error: a
// compile error from the cell compiler, or what yaegi returned. ctx is the
// caller's context, to tell an interrupt from a timeout; trace holds the
// panic lines yaegi wrote.
func cellError(ctx context.Context, n int, err error, trace []string, pos positioner, site panicSite) (kernel.Status, *kernel.CellError) {
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(context.Cause(ctx), context.DeadlineExceeded):
		return kernel.StatusTimedOut, &kernel.CellError{Name: "timeout", Message: "the cell ran past its time limit", Traceback: []string{}}
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return kernel.StatusInterrupted, &kernel.CellError{Name: "interrupted", Message: "the cell was interrupted", Traceback: []string{}}
	}

	var cc *cellc.Error
	if errors.As(err, &cc) {
		return kernel.StatusError, &kernel.CellError{
			Name: "compile error", Message: cc.Msg, Line: cc.Line, Col: cc.Col,
			Traceback: []string{fmt.Sprintf("line %d:%d: %s", cc.Line, cc.Col, cc.Msg)},
		}
	}

	var p interp.Panic
	if errors.As(err, &p) {
		return kernel.StatusError, panicErrorIn(n, p.Value, trace, pos, site)
	}

	// What is left is yaegi refusing code the compiler passed.
	ce := &kernel.CellError{Name: "compile error", Traceback: []string{}}
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		for i, e := range list {
			if i == 0 {
				ce.Message = e.Msg
				ce.Line, ce.Col = inCell(n, pos, e.Pos.Filename, e.Pos.Line, e.Pos.Column)
			}
			ce.Traceback = append(ce.Traceback, describe(n, e.Pos.Filename, e.Pos.Line, e.Pos.Column, e.Msg, pos))
		}
		return kernel.StatusError, ce
	}
	msg := err.Error()
	if m := posRE.FindStringSubmatch(msg); m != nil {
		l, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		ce.Message = m[4]
		ce.Line, ce.Col = inCell(n, pos, m[1], l, c)
		ce.Traceback = append(ce.Traceback, describe(n, m[1], l, c, m[4], pos))
		return kernel.StatusError, ce
	}
	ce.Message = msg
	ce.Traceback = append(ce.Traceback, msg)
	return kernel.StatusError, ce
}

// inCell returns the line and column in cell n of a position, or 0, 0.
func inCell(n int, pos positioner, file string, line, col int) (int, int) {
	if cell, l, c, ok := pos(file, line, col); ok && cell == n {
		return l, c
	}
	return 0, 0
}

// panicErrorIn describes a panic of cell n. yaegi gives each frame the
// position where its function's body starts; the frame of a panic site
// stands for its caller's position, so it is dropped and its position given
// to the next frame. value is normalised first (see panicArg).
func panicErrorIn(n int, value any, trace []string, pos positioner, site panicSite) *kernel.CellError {
	value = panicArg(value)
	ce := &kernel.CellError{Name: "panic", Message: panicValue(value), Traceback: []string{}}
	if e, ok := value.(error); ok && strings.HasPrefix(e.Error(), "runtime error: ") {
		ce.Name = "runtime error"
	}
	ce.Traceback = append(ce.Traceback, "panic: "+ce.Message)
	var at []string // the position of a panic site, for the next frame
	for _, line := range trace {
		m := posRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		l, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		if site(m[1], l, c) {
			// A panic site is the first line of its panic: lines before it
			// are of panics recovered since.
			at = m[1:4]
			ce.Line, ce.Col, ce.Traceback = 0, 0, ce.Traceback[:1]
			continue
		}
		if at != nil {
			m[1], l, c, at = at[0], atoi(at[1]), atoi(at[2]), nil
		}
		if _, _, _, ok := pos(m[1], l, c); !ok && strings.HasPrefix(m[1], "cell") {
			continue // the compiler's own code, such as the call of the cell's entry
		}
		if ce.Line == 0 {
			ce.Line, ce.Col = inCell(n, pos, m[1], l, c)
		}
		ce.Traceback = append(ce.Traceback, "\t"+describe(n, m[1], l, c, funcName(m[4]), pos))
	}
	if at != nil { // no frame followed the panic site
		l, c := atoi(at[1]), atoi(at[2])
		if ce.Line == 0 {
			ce.Line, ce.Col = inCell(n, pos, at[0], l, c)
		}
		ce.Traceback = append(ce.Traceback, "\t"+describe(n, at[0], l, c, "", pos))
	}
	return ce
}

// atoi returns the number s, which posRE matched.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// funcName returns the function named in a yaegi trace line ("panic:
// main.f(...)") as Go would print it, or "" for the functions the cell
// compiler makes up: the init function that runs a cell, and its helpers.
func funcName(text string) string {
	fn := strings.TrimSuffix(strings.TrimPrefix(text, "panic: "), "(...)")
	if fn == "main.init" || strings.HasPrefix(fn, "main.init.") || strings.Contains(fn, "gonote_") {
		return ""
	}
	return fn
}

// panicArg returns the value a cell passed to panic. yaegi panics with the
// reflect.Value of the argument, and fmt would print that of a non-string
// kind as "<int Value>". yaegi's own panic for a nil pointer dereference
// (reflect: call of reflect.Value.Field on zero Value) becomes Go's.
func panicArg(v any) any {
	if ve, ok := v.(*reflect.ValueError); ok && ve.Kind == reflect.Invalid {
		return nilDereference()
	}
	rv, ok := v.(reflect.Value)
	if !ok {
		return v
	}
	for rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() || !rv.CanInterface() {
		return v
	}
	return rv.Interface()
}

// nilDereference returns the run-time error Go panics with when a nil
// pointer is dereferenced.
func nilDereference() (err error) {
	defer func() { err, _ = recover().(error) }()
	var p *int
	_ = *p
	return nil
}

// panicValue formats a recovered value the way the Go runtime prints it
// after "panic: ".
func panicValue(v any) string {
	switch v := v.(type) {
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	case string:
		return v
	default:
		return fmt.Sprintf("%v", v)
	}
}

// describe writes a position for people: "line L:C: text" in cell n,
// "cell M, line L:C: text" in an earlier cell, "FILE:L:C: text" elsewhere;
// without ": text" when text is empty.
func describe(n int, file string, line, col int, text string, pos positioner) string {
	var at string
	switch cell, l, c, ok := pos(file, line, col); {
	case ok && cell == n:
		at = fmt.Sprintf("line %d:%d", l, c)
	case ok:
		at = fmt.Sprintf("cell %d, line %d:%d", cell, l, c)
	case file == "":
		at = fmt.Sprintf("%d:%d", line, col)
	default:
		at = fmt.Sprintf("%s:%d:%d", file, line, col)
	}
	if text == "" {
		return at
	}
	return at + ": " + text
}
