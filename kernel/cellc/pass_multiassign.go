package cellc

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// passMultiAssign puts parentheses around the right-hand values of a
// multi-value assignment or declaration that the interpreter would write
// straight into their destination, and around a receive assigned to a
// variable:
//
//	s, n := []int{1}, 5   =>  s, n := ([]int{1}), 5
//	v, k = <-ch, f()      =>  v, k = (<-ch), (f())
//	var a, b = T{}, 2     =>  var a, b = (T{}), 2
//	x = <-ch              =>  x = (<-ch)
//
// yaegi compiles such a value (a composite literal, a receive, or a call
// in an assignment that is not a definition) to write its result into the
// variable it is assigned to, and then drops the assignment statement,
// which also assigns the statement's other values: they stay unset. A
// receive it writes into the current function's frame even when the
// variable is a package variable or one a closure captured, which
// corrupts that frame. A parenthesised value is computed into a slot of
// its own and copied by the assignment, which evaluates every right-hand
// value before it assigns any, so swaps and redeclarations keep their
// meaning. The parentheses cost the interpreter one no-op step.
//
// A definition at the top of a cell is treated as an assignment, since
// it assigns package variables once the cell is emitted.
func passMultiAssign(c *compilation) error {
	top := map[ast.Stmt]bool{}
	if c.wrapper != nil {
		for _, st := range c.wrapper.Body.List {
			top[st] = true
		}
	}
	c.apply(nil, func(cur *astutil.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			assign := n.Tok == token.ASSIGN || n.Tok == token.DEFINE && top[n]
			switch {
			case !assign && n.Tok != token.DEFINE || len(n.Rhs) != len(n.Lhs):
			case len(n.Lhs) > 1 && (assign || !allDirect(n.Rhs)):
				parenDirect(n.Rhs)
			case assign:
				for i, v := range n.Rhs {
					if isRecv(v) {
						n.Rhs[i] = &ast.ParenExpr{X: v}
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) > 1 && len(n.Values) == len(n.Names) {
				parenDirect(n.Values)
			}
		}
		return true
	})
	return nil
}

// parenDirect wraps the values the interpreter would assign directly in
// parentheses.
func parenDirect(values []ast.Expr) {
	for i, v := range values {
		if directValue(v) {
			values[i] = &ast.ParenExpr{X: v}
		}
	}
}

// allDirect reports whether a definition's values are all composite
// literals or receives, which the interpreter writes straight into the new
// variables of the function's frame, each one: the statement is right as
// it is, and faster.
func allDirect(values []ast.Expr) bool {
	for _, v := range values {
		if _, ok := v.(*ast.CompositeLit); !ok && !isRecv(v) {
			return false
		}
	}
	return true
}

// directValue reports whether the interpreter computes e straight into
// the variable it is assigned to.
func directValue(e ast.Expr) bool {
	switch e.(type) {
	case *ast.CompositeLit, *ast.CallExpr:
		return true
	}
	return isRecv(e)
}

// isRecv reports whether e is a receive, <-ch.
func isRecv(e ast.Expr) bool {
	u, ok := e.(*ast.UnaryExpr)
	return ok && u.Op == token.ARROW
}

// multiValue reports whether n assigns or declares more than one
// variable with as many values, or assigns a receive.
func multiValue(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		return len(n.Lhs) > 1 && len(n.Rhs) == len(n.Lhs) || len(n.Rhs) == 1 && isRecv(n.Rhs[0])
	case *ast.ValueSpec:
		return len(n.Names) > 1 && len(n.Values) == len(n.Names)
	}
	return false
}
