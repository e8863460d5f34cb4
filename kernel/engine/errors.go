package engine

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
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

// cellError turns the failure of cell n into its status and error: a
// compile error from the cell compiler, or what yaegi returned. ctx is the
// caller's context, to tell an interrupt from a timeout; trace holds the
// panic lines yaegi wrote.
func cellError(ctx context.Context, n int, err error, trace []string, pos positioner) (kernel.Status, *kernel.CellError) {
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
		return kernel.StatusError, panicErrorIn(n, p.Value, trace, pos)
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

// panicError describes a panic of cell n's main flow.
func panicErrorIn(n int, value any, trace []string, pos positioner) *kernel.CellError {
	ce := &kernel.CellError{Name: "panic", Message: panicValue(value), Traceback: []string{}}
	if e, ok := value.(error); ok && strings.HasPrefix(e.Error(), "runtime error: ") {
		ce.Name = "runtime error"
	}
	ce.Traceback = append(ce.Traceback, "panic: "+ce.Message)
	for _, line := range trace {
		m := posRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		l, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		if _, _, _, ok := pos(m[1], l, c); !ok && strings.HasPrefix(m[1], "cell") {
			continue // the compiler's own code, such as the call of the cell's entry
		}
		if ce.Line == 0 {
			ce.Line, ce.Col = inCell(n, pos, m[1], l, c)
		}
		ce.Traceback = append(ce.Traceback, "\t"+describe(n, m[1], l, c, funcName(m[4]), pos))
	}
	return ce
}

// funcName returns the function named in a yaegi trace line ("panic:
// main.f(...)") as Go would print it, or "" for the functions the cell
// compiler makes up.
func funcName(text string) string {
	fn := strings.TrimSuffix(strings.TrimPrefix(text, "panic: "), "(...)")
	if strings.Contains(fn, "gonote_") {
		return ""
	}
	return fn
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
