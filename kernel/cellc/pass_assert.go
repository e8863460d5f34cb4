package cellc

import (
	"fmt"
	"go/ast"
	"go/types"
	"hash/fnv"

	"golang.org/x/tools/go/ast/astutil"
)

// passAssert rewrites a comma-ok type assertion to an interface type of
// compiled code (error, fmt.Stringer, interface{ Unwrap() error }), which
// panics in the interpreter when the operand is a nil interface instead
// of giving false, into a call of a helper that checks for nil first:
//
//	e, ok := r.(error)  =>  e, ok := gonote_assert_1a2b3c4d(r)
//
// passTypeSwitch calls assertOK for the assertions it writes.
func passAssert(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				n.Rhs[0] = c.assertOK(n.Rhs[0])
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				n.Values[0] = c.assertOK(n.Values[0])
			}
		}
		return true
	})
	return nil
}

// assertOK returns the helper call for e when e is a type assertion that
// needs one (see passAssert), or e.
func (c *compilation) assertOK(e ast.Expr) ast.Expr {
	ta, ok := e.(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil {
		return e
	}
	t := c.typeOf(ta.Type)
	if t == nil || c.sessionIface(t) || c.mentionsSessionType(t) {
		return e
	}
	it, ok := t.Underlying().(*types.Interface)
	if !ok || it.Empty() {
		return e
	}
	typ := c.typeString(t)
	h := fnv.New32a()
	h.Write([]byte(typ))
	name := fmt.Sprintf("gonote_assert_%08x", h.Sum32())
	c.sourceHelper("assert:"+typ, fmt.Sprintf(`package p
func %[1]s(v any) (%[2]s, bool) {
	if v == nil {
		var zero %[2]s
		return zero, false
	}
	x, ok := v.(%[2]s)
	return x, ok
}`, name, typ))
	return &ast.CallExpr{Fun: ast.NewIdent(name), Args: []ast.Expr{ta.X}}
}
