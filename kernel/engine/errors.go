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
)

// posRE matches yaegi's error and trace positions: "[FILE:]LINE:COL: TEXT".
var posRE = regexp.MustCompile(`^(?:(\S+?):)?(\d+):(\d+): (.*)$`)

// positioner maps a position in the source yaegi ran back to the cell. ok is
// false when the position is not in the cell (wrapper code, another cell).
type positioner func(file string, line, col int) (cellLine, cellCol int, ok bool)

// cellError turns what yaegi returned for a cell into the cell's error and
// status. trace holds the panic lines yaegi wrote while the cell ran.
func cellError(ctx context.Context, err error, trace []string, pos positioner) (kernel.Status, *kernel.CellError) {
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (ctx.Err() != nil && errors.Is(context.Cause(ctx), context.DeadlineExceeded)):
		return kernel.StatusTimedOut, &kernel.CellError{Name: "timeout", Message: "the cell ran past its time limit", Traceback: []string{}}
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return kernel.StatusInterrupted, &kernel.CellError{Name: "interrupted", Message: "the cell was interrupted", Traceback: []string{}}
	}

	var p interp.Panic
	if errors.As(err, &p) {
		return kernel.StatusError, panicError(p.Value, trace, pos)
	}

	ce := &kernel.CellError{Name: "compile error", Traceback: []string{}}
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		ce.Message = e.Msg
		ce.Line, ce.Col, _ = pos(e.Pos.Filename, e.Pos.Line, e.Pos.Column)
		for _, e := range list {
			ce.Traceback = append(ce.Traceback, describe(e.Pos.Filename, e.Pos.Line, e.Pos.Column, e.Msg, pos))
		}
		return kernel.StatusError, ce
	}
	msg := err.Error()
	if m := posRE.FindStringSubmatch(msg); m != nil {
		l, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		ce.Message = m[4]
		ce.Line, ce.Col, _ = pos(m[1], l, c)
		ce.Traceback = append(ce.Traceback, describe(m[1], l, c, m[4], pos))
		return kernel.StatusError, ce
	}
	ce.Message = msg
	ce.Traceback = append(ce.Traceback, msg)
	return kernel.StatusError, ce
}

// panicError describes a panic: its value as Go prints it and the chain of
// interpreted calls that yaegi traced, innermost first.
func panicError(value any, trace []string, pos positioner) *kernel.CellError {
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
		fn := strings.TrimSuffix(strings.TrimPrefix(m[4], "panic: "), "(...)")
		cl, cc, ok := pos(m[1], l, c)
		if ok && ce.Line == 0 {
			ce.Line, ce.Col = cl, cc
		}
		ce.Traceback = append(ce.Traceback, "\t"+describe(m[1], l, c, fn, pos))
	}
	return ce
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

// describe writes "cell line L:C: text" for positions in the cell and
// "FILE:L:C: text" for positions elsewhere.
func describe(file string, line, col int, text string, pos positioner) string {
	if cl, cc, ok := pos(file, line, col); ok {
		return fmt.Sprintf("line %d:%d: %s", cl, cc, text)
	}
	if file == "" {
		return fmt.Sprintf("%d:%d: %s", line, col, text)
	}
	return fmt.Sprintf("%s:%d:%d: %s", file, line, col, text)
}
