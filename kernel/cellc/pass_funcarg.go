package cellc

import (
	"go/ast"

	"go/types"
)

// passFuncArg binds a function literal passed to a native (standard
// library) function or method to a variable first:
//
//	wg.Go(func() { use(i) })  =>  f := func() { use(i) }; wg.Go(f)
//
// The interpreter wraps a literal passed straight to a native function so
// that it sees the enclosing variables as they are when it runs, so in a
// loop every call saw the last iteration's variables; a literal stored in a
// variable is bound when it is made, as in Go. Only function literals in
// simple statements are moved; creating a closure has no side effects, so
// moving it before the statement keeps the order of evaluation.
func passFuncArg(c *compilation) error {
	for _, f := range c.files() {
		ast.Inspect(f, func(n ast.Node) bool {
			editStmtList(n, c.hoistFuncArgs)
			return true
		})
	}
	return nil
}

func (c *compilation) hoistFuncArgs(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		switch st.(type) {
		case *ast.ExprStmt, *ast.AssignStmt, *ast.ReturnStmt, *ast.DeclStmt, *ast.SendStmt:
		default:
			out = append(out, st)
			continue
		}
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if !c.nativeCall(n) {
					return true
				}
				for i, a := range n.Args {
					if lit, ok := a.(*ast.FuncLit); ok {
						name := c.temp("fn")
						pc := privateClosure(lit)
						c.markPrivate(pc)
						out = append(out, define([]string{name}, pc))
						n.Args[i] = ast.NewIdent(name)
					}
				}
			}
			return true
		})
		out = append(out, st)
	}
	return out
}

// nativeCall reports whether call calls a function or method of another
// package, which the interpreter runs natively.
func (c *compilation) nativeCall(call *ast.CallExpr) bool {
	var obj types.Object
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		obj = c.s.info.Uses[fun]
	case *ast.SelectorExpr:
		if sel := c.s.info.Selections[fun]; sel != nil {
			obj = sel.Obj()
		} else {
			obj = c.s.info.Uses[fun.Sel]
		}
	case *ast.IndexExpr, *ast.IndexListExpr:
		return false
	}
	fn, ok := obj.(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg() != c.s.pkg && fn.Pkg().Path() != "main"
}
