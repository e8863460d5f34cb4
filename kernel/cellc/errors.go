package cellc

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// go/types and the compiler (types2, which go build and go vet use) share
// their checks but not every word or position. These tables make the
// compiler's error read as go build's would.

// messageFixes maps a go/types message prefix to the compiler's.
var messageFixes = []struct{ from, to string }{
	{"break not in for, switch, or select statement", "break is not in a loop, switch, or select"},
	{"continue not in for statement", "continue is not in a loop"},
	{"fallthrough statement out of place", "fallthrough statement out of place"},
}

// toolchainError returns err's position and message as go build reports
// them.
func (c *compilation) toolchainError(err types.Error) (token.Pos, string) {
	pos, msg := err.Pos, err.Msg
	for _, f := range messageFixes {
		if strings.HasPrefix(msg, f.from) {
			msg = f.to + msg[len(f.from):]
		}
	}
	if strings.HasPrefix(msg, "label ") && strings.HasSuffix(msg, " declared and not used") {
		msg = strings.TrimSuffix(msg, " declared and not used") + " defined and not used"
	}
	switch {
	case strings.HasPrefix(msg, "not enough arguments in call"):
		// The compiler points at the last argument, go/types at ")".
		c.inspect(func(n ast.Node) {
			if call, ok := n.(*ast.CallExpr); ok && call.Rparen == pos && len(call.Args) > 0 {
				pos = call.Args[len(call.Args)-1].Pos()
			}
		})
	case strings.HasPrefix(msg, "invalid operation: cannot send to"):
		// The compiler points at the statement, go/types at "<-".
		c.inspect(func(n ast.Node) {
			if s, ok := n.(*ast.SendStmt); ok && s.Arrow == pos {
				pos = s.Pos()
			}
		})
	}
	return pos, msg
}

// inspect calls f for every node of the cell's files.
func (c *compilation) inspect(f func(ast.Node)) {
	for _, file := range c.files() {
		ast.Inspect(file, func(n ast.Node) bool {
			if n != nil {
				f(n)
			}
			return true
		})
	}
}
