package cellc

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// passRecvReturn evaluates return operands that receive from a channel
// before the return, because the interpreter panics on "return <-ch"
// ("unaddressable value"):
//
//	return <-ch, nil  =>  { var r1 T1 = <-ch; var r2 T2 = nil; return r1, r2 }
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
		if sig == nil || sig.Results().Len() != len(ret.Results) {
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
