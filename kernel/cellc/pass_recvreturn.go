package cellc

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passRecvReturn evaluates return operands that receive from a channel
// before the return, because the interpreter panics on "return <-ch"
// ("unaddressable value"):
//
//	return <-ch, nil  =>  { var r1 T1 = <-ch; var r2 T2 = nil; return r1, r2 }
//
// It also splits "return f()" where f's results must convert to the
// function's, since the interpreter converts the first and returns zero
// values for the rest: in a func() (any, error), "return strconv.Atoi(s)"
// lost the error.
//
//	return f()  =>  { r1, r2 := f(); return r1, r2 }
func passRecvReturn(c *compilation) error {
	fs := &funcStack{c: c}
	c.apply(func(cur *astutil.Cursor) bool {
		fs.push(cur.Node())
		return true
	}, func(cur *astutil.Cursor) bool {
		defer fs.pop(cur.Node())
		ret, ok := cur.Node().(*ast.ReturnStmt)
		if !ok || len(ret.Results) == 0 {
			return true
		}
		sig := fs.top()
		if sig == nil {
			return true
		}
		if len(ret.Results) == 1 && sig.Results().Len() > 1 {
			if call, ok := ast.Unparen(ret.Results[0]).(*ast.CallExpr); ok && c.convertsResults(call, sig.Results()) {
				var names []string
				var results []ast.Expr
				for range sig.Results().Len() {
					names = append(names, c.temp("r"))
					results = append(results, ast.NewIdent(names[len(names)-1]))
				}
				cur.Replace(&ast.BlockStmt{List: []ast.Stmt{
					define(names, call),
					&ast.ReturnStmt{Return: ret.Return, Results: results},
				}})
			}
			return true
		}
		if sig.Results().Len() != len(ret.Results) {
			return true
		}
		recv := false
		for _, r := range ret.Results {
			if u, ok := ast.Unparen(r).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				recv = true
			}
		}
		if !recv {
			return true
		}
		var list []ast.Stmt
		var results []ast.Expr
		for i, r := range ret.Results {
			name := c.temp("r")
			list = append(list, varSpec(name, c.typeExpr(sig.Results().At(i).Type()), r))
			results = append(results, ast.NewIdent(name))
		}
		list = append(list, &ast.ReturnStmt{Return: ret.Return, Results: results})
		cur.Replace(&ast.BlockStmt{List: list})
		return true
	})
	return nil
}

// convertsResults reports whether the results of call must convert to
// be returned as results: some differ in type.
func (c *compilation) convertsResults(call *ast.CallExpr, results *types.Tuple) bool {
	tuple, ok := c.typeOf(call).(*types.Tuple)
	if !ok || tuple.Len() != results.Len() {
		return false
	}
	for i := range tuple.Len() {
		if !types.Identical(tuple.At(i).Type(), results.At(i).Type()) {
			return true
		}
	}
	return false
}
