package cellc

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passIfaceArg converts a value of an interface type the cell's code
// declares to the parameter's type when it is passed to a native function,
// because the interpreter hands native code its own wrapper for such
// values, whose methods native code cannot see (fmt.Println printed the
// fields of a value whose String method the interface promises):
//
//	fmt.Println(shape)  =>  fmt.Println(any(shape))
func passIfaceArg(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		call, ok := cur.Node().(*ast.CallExpr)
		if !ok || !c.nativeCall(call) {
			return true
		}
		sig := c.signatureOf(call.Fun)
		if sig == nil {
			return true
		}
		for i, a := range call.Args {
			if !c.sessionIface(c.typeOf(a)) {
				continue
			}
			pt := paramType(sig, i, call.Ellipsis.IsValid())
			if pt == nil {
				continue
			}
			if _, ok := pt.Underlying().(*types.Interface); !ok {
				continue
			}
			call.Args[i] = &ast.CallExpr{Fun: c.typeExpr(pt), Args: []ast.Expr{a}}
		}
		return true
	})
	return nil
}

// sessionIface reports whether t is an interface type declared by the
// session's code.
func (c *compilation) sessionIface(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() != c.s.pkg {
		return false
	}
	_, ok = n.Underlying().(*types.Interface)
	return ok
}
