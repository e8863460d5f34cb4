package cellc

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passSwitchCase joins the expressions of a case of a switch on a boolean
// (a switch without a tag, or switch true) with ||, since the interpreter
// tests only the first expression of such a case:
//
//	switch { case x < 0, x > 9: A }      =>  switch { case x < 0 || x > 9: A }
//	switch false { case ok, x > 2: A }    =>  switch { case !ok || !(x > 2): A }
//	switch b { case p, q: A }             =>  switch t := b; { case t == p || t == q: A }
//
// || evaluates the expressions left to right and stops at the first that
// matches, as a case does. A switch on a boolean that is not constant
// keeps its tag in a variable of the switch's init statement, which it
// must not have already; one that has is left alone.
func passSwitchCase(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		sw, ok := cur.Node().(*ast.SwitchStmt)
		if !ok || !multiCase(sw) {
			return true
		}
		var match func(e ast.Expr) ast.Expr
		switch {
		case sw.Tag == nil:
			match = func(e ast.Expr) ast.Expr { return e }
		case !isBool(c.typeOf(sw.Tag)):
			return true
		case c.isConst(sw.Tag):
			want := constant.BoolVal(c.s.info.Types[sw.Tag].Value)
			match = func(e ast.Expr) ast.Expr {
				if want {
					return e
				}
				return &ast.UnaryExpr{Op: token.NOT, X: paren(e)}
			}
			sw.Tag = nil
		case sw.Init == nil:
			tag := c.temp("tag")
			sw.Init = define([]string{tag}, sw.Tag)
			sw.Tag = nil
			match = func(e ast.Expr) ast.Expr {
				return &ast.BinaryExpr{X: ast.NewIdent(tag), Op: token.EQL, Y: paren(e)}
			}
		default:
			return true
		}
		for _, cl := range sw.Body.List {
			cc := cl.(*ast.CaseClause)
			if len(cc.List) == 0 {
				continue
			}
			e := match(cc.List[0])
			for _, x := range cc.List[1:] {
				e = &ast.BinaryExpr{X: e, Op: token.LOR, Y: match(x)}
			}
			cc.List = []ast.Expr{e}
		}
		return true
	})
	return nil
}

// multiCase reports whether a case of sw lists more than one expression.
func multiCase(sw *ast.SwitchStmt) bool {
	for _, cl := range sw.Body.List {
		if len(cl.(*ast.CaseClause).List) > 1 {
			return true
		}
	}
	return false
}

// isBool reports whether t is a boolean type.
func isBool(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}
