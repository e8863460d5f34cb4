package cellc

import (
	"go/ast"

	"golang.org/x/tools/go/ast/astutil"
)

// passParens removes the parentheses around an identifier, which mean
// nothing in Go but break the interpreter in an operand of && or ||:
// "if !(done) || n > 2" ended the program silently, and "(x) + 5 > 0 ||
// ok" panicked (reflect: call of reflect.Value.Bool on int Value).
//
//	!(done) || n > 2  =>  !done || n > 2
//
// Passes that write parentheses use paren, which leaves such operands
// bare.
func passParens(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		if p, ok := cur.Node().(*ast.ParenExpr); ok {
			if id := bareIdent(p); id != nil {
				cur.Replace(id)
			}
		}
		return true
	})
	return nil
}

// bareIdent returns the identifier inside the parentheses p, if that is
// all they hold.
func bareIdent(p *ast.ParenExpr) *ast.Ident {
	id, _ := ast.Unparen(p).(*ast.Ident)
	return id
}

// paren returns e in parentheses, unless e is an operand that needs none.
func paren(e ast.Expr) ast.Expr {
	switch e.(type) {
	case *ast.Ident, *ast.BasicLit, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr, *ast.ParenExpr:
		return e
	}
	return &ast.ParenExpr{X: e}
}
