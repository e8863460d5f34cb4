package cellc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passErrorsAs replaces errors.As, which fails in the interpreter for error
// types the cell declares ("*target must be interface or implement error"),
// with a function literal that walks the error tree the way errors.As does
// (the error, then what Unwrap returns, depth first, including
// Unwrap() []error and As methods), using a type assertion to the target's
// element type, which go/types knows:
//
//	errors.As(err, &fe)  =>  func(err error, target *T) bool { ... }(err, &fe)
func passErrorsAs(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		call, ok := cur.Node().(*ast.CallExpr)
		if !ok || len(call.Args) != 2 || !c.isFunc(call.Fun, "errors", "As") {
			return true
		}
		pt, ok := c.typeOf(call.Args[1]).(*types.Pointer)
		if !ok {
			return true
		}
		if _, isParam := pt.Elem().(*types.TypeParam); isParam {
			return true
		}
		t := c.typeString(pt.Elem())
		lit, err := parser.ParseExpr(fmt.Sprintf(`func(err error, target *%[1]s) bool {
	stack := []error{err}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e == nil {
			continue
		}
		if t, ok := e.(%[1]s); ok {
			*target = t
			return true
		}
		if x, ok := e.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			stack = append(stack, u.Unwrap())
		case interface{ Unwrap() []error }:
			errs := u.Unwrap()
			for i := len(errs) - 1; i >= 0; i-- {
				stack = append(stack, errs[i])
			}
		}
	}
	return false
}`, t))
		if err != nil {
			return true
		}
		cur.Replace(&ast.CallExpr{Fun: lit, Args: call.Args})
		return true
	})
	return nil
}

// isFunc reports whether fun denotes the function pkg.name.
func (c *compilation) isFunc(fun ast.Expr, pkg, name string) bool {
	sel, ok := ast.Unparen(fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := c.s.info.Uses[sel.Sel].(*types.Func)
	return ok && fn.Name() == name && fn.Pkg() != nil && fn.Pkg().Path() == pkg
}
