package cellc

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passGenerics makes every instantiation of a generic function explicit,
// with the type arguments go/types inferred, because the interpreter's own
// inference fails for many calls (variadic ...T, <-chan T parameters,
// function arguments):
//
//	Map(xs, strconv.Itoa)  =>  Map[int, string](xs, strconv.Itoa)
func passGenerics(c *compilation) error {
	info := c.s.info
	instance := func(id *ast.Ident) (types.Instance, bool) {
		inst, ok := info.Instances[id]
		if !ok {
			return inst, false
		}
		if _, isFunc := info.Uses[id].(*types.Func); !isFunc {
			return inst, false
		}
		return inst, true
	}
	explicit := func(x ast.Expr, inst types.Instance) ast.Expr {
		var args []ast.Expr
		for i := 0; i < inst.TypeArgs.Len(); i++ {
			args = append(args, c.typeExpr(inst.TypeArgs.At(i)))
		}
		return &ast.IndexListExpr{X: x, Indices: args}
	}
	c.apply(func(cur *astutil.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
			var x ast.Expr
			if ie, ok := n.(*ast.IndexExpr); ok {
				x = ie.X
			} else {
				x = n.(*ast.IndexListExpr).X
			}
			var id *ast.Ident
			switch x := x.(type) {
			case *ast.Ident:
				id = x
			case *ast.SelectorExpr:
				id = x.Sel
			}
			if id == nil {
				return true
			}
			if inst, ok := instance(id); ok {
				cur.Replace(explicit(x, inst))
				return false
			}
		case *ast.SelectorExpr:
			if inst, ok := instance(n.Sel); ok {
				cur.Replace(explicit(n, inst))
				return false
			}
		case *ast.Ident:
			if inst, ok := instance(n); ok {
				if _, isSel := cur.Parent().(*ast.SelectorExpr); isSel && cur.Name() == "Sel" {
					return true
				}
				cur.Replace(explicit(n, inst))
				return false
			}
		}
		return true
	}, nil)
	return nil
}
