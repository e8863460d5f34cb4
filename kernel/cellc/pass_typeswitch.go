package cellc

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// passTypeSwitch rewrites a type switch with a case of a non-empty
// interface type (case error:, case fmt.Stringer:), which never matches in
// the interpreter, into type assertions, which do, tried in the cases'
// order, and a switch on the case found:
//
//	switch x := v.(type) { case int: A; case error: B; default: C }
//	=>
//	{ t := v; var k int
//	  if _, ok := t.(int); ok { k = 1 } else if _, ok := t.(error); ok { k = 2 }
//	  switch k { case 1: x := t.(int); A; case 2: x := t.(error); B; default: x := t; C } }
//
// A labeled type switch is left alone.
func passTypeSwitch(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		ts, ok := cur.Node().(*ast.TypeSwitchStmt)
		if !ok || !c.hasIfaceCase(ts) {
			return true
		}
		if _, labeled := cur.Parent().(*ast.LabeledStmt); labeled {
			return true
		}
		var x *ast.Ident
		var subject ast.Expr
		switch a := ts.Assign.(type) {
		case *ast.AssignStmt:
			x = a.Lhs[0].(*ast.Ident)
			subject = a.Rhs[0].(*ast.TypeAssertExpr).X
		case *ast.ExprStmt:
			subject = a.X.(*ast.TypeAssertExpr).X
		default:
			return true
		}
		t, k := c.temp("ts"), c.temp("k")
		// An assertion from a non-empty interface to a type the
		// interpreter wrongly thinks cannot implement it (methods
		// promoted from an embedded interface) fails to compile; from
		// any it cannot.
		operand := func(typ ast.Expr) ast.Expr {
			if it, ok := c.typeOf(subject).Underlying().(*types.Interface); ok && !it.Empty() {
				if tt := c.typeOf(typ); tt != nil && !types.IsInterface(tt) {
					return &ast.CallExpr{Fun: ast.NewIdent("any"), Args: []ast.Expr{ast.NewIdent(t)}}
				}
			}
			return ast.NewIdent(t)
		}
		// A case of a session type of a basic kind is strict when the
		// switch has a case of that kind itself (see assertHelperFor).
		strict := func(typ ast.Expr) bool {
			tt := c.typeOf(typ)
			if tt == nil || !c.sessionDeclared(tt) {
				return false
			}
			for _, cl := range ts.Body.List {
				for _, e := range cl.(*ast.CaseClause).List {
					if et := c.typeOf(e); et != nil && !c.isNilIdent(e) && et != tt && types.Identical(et, tt.Underlying()) {
						return true
					}
				}
			}
			return false
		}
		list := []ast.Stmt{}
		if ts.Init != nil {
			list = append(list, ts.Init)
		}
		list = append(list, define([]string{t}, subject), varSpec(k, ast.NewIdent("int"), nil))
		var chain *ast.IfStmt
		var last *ast.IfStmt
		sw := &ast.SwitchStmt{Switch: ts.Switch, Tag: ast.NewIdent(k), Body: &ast.BlockStmt{}}
		for i, cl := range ts.Body.List {
			cc := cl.(*ast.CaseClause)
			n := strconv.Itoa(i + 1)
			body := cc.Body
			if x != nil {
				var val ast.Expr = ast.NewIdent(t)
				if len(cc.List) == 1 && !c.isNilIdent(cc.List[0]) {
					val = c.assertOne(&ast.TypeAssertExpr{X: operand(cc.List[0]), Type: cc.List[0]}, strict(cc.List[0]))
				}
				body = append([]ast.Stmt{
					&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(x.Name)}, Tok: token.DEFINE, Rhs: []ast.Expr{val}},
					&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_")}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(x.Name)}},
				}, body...)
			}
			if cc.List == nil {
				sw.Body.List = append(sw.Body.List, &ast.CaseClause{Case: cc.Case, Colon: cc.Colon, Body: body})
				continue
			}
			sw.Body.List = append(sw.Body.List, &ast.CaseClause{Case: cc.Case, Colon: cc.Colon,
				List: []ast.Expr{&ast.BasicLit{Kind: token.INT, Value: n}}, Body: body})
			for _, typ := range cc.List {
				var cond ast.Expr
				var init ast.Stmt
				if c.isNilIdent(typ) {
					cond = &ast.BinaryExpr{X: ast.NewIdent(t), Op: token.EQL, Y: ast.NewIdent("nil")}
				} else {
					init = &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_"), ast.NewIdent("ok")}, Tok: token.DEFINE,
						Rhs: []ast.Expr{c.assertOK(&ast.TypeAssertExpr{X: operand(typ), Type: typ}, strict(typ))}}
					cond = ast.NewIdent("ok")
				}
				st := &ast.IfStmt{Init: init, Cond: cond, Body: &ast.BlockStmt{List: []ast.Stmt{
					&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(k)}, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.BasicLit{Kind: token.INT, Value: n}}},
				}}}
				if chain == nil {
					chain = st
				} else {
					last.Else = st
				}
				last = st
			}
		}
		if chain != nil {
			list = append(list, chain)
		}
		list = append(list, sw)
		cur.Replace(&ast.BlockStmt{List: list})
		return true
	})
	return nil
}

// hasIfaceCase reports whether a type switch has a case of a non-empty
// interface type.
func (c *compilation) hasIfaceCase(ts *ast.TypeSwitchStmt) bool {
	for _, cl := range ts.Body.List {
		for _, e := range cl.(*ast.CaseClause).List {
			if c.isNilIdent(e) {
				continue
			}
			if t := c.typeOf(e); t != nil {
				if it, ok := t.Underlying().(*types.Interface); ok && !it.Empty() {
					return true
				}
				if c.mentionsSessionType(t) {
					return true
				}
			}
		}
	}
	return false
}

func (c *compilation) isNilIdent(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := c.s.info.Uses[id].(*types.Nil)
	return isNil
}
