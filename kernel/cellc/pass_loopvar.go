package cellc

import (
	"go/ast"
	"go/token"
	"go/types"
)

// passLoopVar gives loops Go 1.22's per-iteration variables, which the
// interpreter lacks (all closures saw the last value). A loop variable that
// a function literal in the body mentions, or whose address the body
// takes, is copied at the top of each iteration:
//
//	for i := 0; i < n; i++ { go func() { use(i) }() }
//	=> for i := 0; i < n; i++ { i := i; go func() { use(i) }() }
//
// A three-clause loop whose body both captures and assigns the variable
// would need the copy written back before the post statement; the cell fails
// with an "unsupported" error instead of running with other semantics.
func passLoopVar(c *compilation) error {
	var err error
	for _, f := range c.files() {
		ast.Inspect(f, func(n ast.Node) bool {
			if err != nil || c.synthetic[n] {
				return err == nil
			}
			switch loop := n.(type) {
			case *ast.RangeStmt:
				if loop.Tok != token.DEFINE {
					return true
				}
				var vars []*ast.Ident
				for _, e := range []ast.Expr{loop.Key, loop.Value} {
					if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
						if v, ok := c.s.info.Defs[id].(*types.Var); ok && c.captured(loop.Body, v) {
							vars = append(vars, id)
						}
					}
				}
				copyVars(loop.Body, vars)
			case *ast.ForStmt:
				init, ok := loop.Init.(*ast.AssignStmt)
				if !ok || init.Tok != token.DEFINE {
					return true
				}
				var vars []*ast.Ident
				for _, e := range init.Lhs {
					id, ok := e.(*ast.Ident)
					if !ok || id.Name == "_" {
						continue
					}
					v, ok := c.s.info.Defs[id].(*types.Var)
					if !ok || !c.captured(loop.Body, v) {
						continue
					}
					if c.assigned(loop.Body, v) {
						err = c.unsupported(id.Pos(), "loop variable "+id.Name+" is captured by a closure and also changed in the loop body (Go 1.22 per-iteration semantics)")
						return false
					}
					vars = append(vars, id)
				}
				copyVars(loop.Body, vars)
			}
			return true
		})
	}
	return err
}

// copyVars inserts "v1, v2 := v1, v2" at the top of body.
func copyVars(body *ast.BlockStmt, vars []*ast.Ident) {
	if len(vars) == 0 {
		return
	}
	var names []string
	var values []ast.Expr
	for _, id := range vars {
		names = append(names, id.Name)
		values = append(values, ast.NewIdent(id.Name))
	}
	body.List = append([]ast.Stmt{define(names, values...)}, body.List...)
}

// captured reports whether a function literal in body mentions v, or body
// takes v's address.
func (c *compilation) captured(body ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if c.mentions(n, v) {
				found = true
			}
			return false
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && c.s.info.Uses[id] == v {
					found = true
				}
			}
		case *ast.SelectorExpr:
			// x.M() with a pointer receiver takes x's address.
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && c.s.info.Uses[id] == v {
				if sel := c.s.info.Selections[n]; sel != nil && sel.Kind() == types.MethodVal && sel.Indirect() == false {
					if _, ptr := sel.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer); ptr {
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}

// assigned reports whether body assigns to v.
func (c *compilation) assigned(body ast.Node, v *types.Var) bool {
	found := false
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && c.s.info.Uses[id] == v
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if is(l) {
					found = true
				}
			}
		case *ast.IncDecStmt:
			if is(n.X) {
				found = true
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN && (is(n.Key) || n.Value != nil && is(n.Value)) {
				found = true
			}
		}
		return !found
	})
	return found
}
