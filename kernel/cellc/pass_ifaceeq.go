package cellc

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// passIfaceEq rewrites a comparison of interface values that may hold the
// session's types, such as err == ErrNotFound, into a call of a helper.
// yaegi keeps a value of the cell's type in an error inside a wrapper
// holding a function, and comparing two of those panicked ("comparing
// uncomparable type interp._error"); the helper compares what the
// wrappers hold:
//
//	err == ErrNotFound  =>  gonote_ifaceEq(err, ErrNotFound)
//
// Comparisons with nil are left alone.
func passIfaceEq(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		be, ok := cur.Node().(*ast.BinaryExpr)
		if !ok || (be.Op != token.EQL && be.Op != token.NEQ) {
			return true
		}
		if c.isNilIdent(be.X) || c.isNilIdent(be.Y) {
			return true
		}
		if !c.wrappedIface(c.typeOf(be.X)) && !c.wrappedIface(c.typeOf(be.Y)) {
			return true
		}
		x, y := be.X, be.Y
		xt, yt := c.typeOf(x), c.typeOf(y)
		// The operand that is not an interface is converted to the
		// other's type, as Go converts it, so that both are wrapped.
		if xt != nil && yt != nil && !types.IsInterface(xt) {
			x = &ast.CallExpr{Fun: c.typeExpr(yt), Args: []ast.Expr{x}}
		} else if xt != nil && yt != nil && !types.IsInterface(yt) {
			y = &ast.CallExpr{Fun: c.typeExpr(xt), Args: []ast.Expr{y}}
		}
		var e ast.Expr = &ast.CallExpr{Fun: ast.NewIdent(c.ifaceEqHelper()), Args: []ast.Expr{x, y}}
		if be.Op == token.NEQ {
			e = &ast.UnaryExpr{Op: token.NOT, X: e}
		}
		cur.Replace(e)
		return true
	})
	return nil
}

// wrappedIface reports whether t is an interface of compiled code (error,
// fmt.Stringer) that one of the session's types implements: yaegi keeps
// such a value in a wrapper.
func (c *compilation) wrappedIface(t types.Type) bool {
	if t == nil || !types.IsInterface(t) || c.sessionIface(t) {
		return false
	}
	if _, ok := t.(*types.TypeParam); ok {
		return false
	}
	it := t.Underlying().(*types.Interface)
	if it.Empty() {
		return false
	}
	return len(c.implementers(it)) > 0
}

// ifaceEqHelper returns the helper comparing two interface values by what
// yaegi's wrappers hold.
func (c *compilation) ifaceEqHelper() string {
	return c.sourceHelper("ifaceEq", strings.ReplaceAll(`package p
func gonote_unwrapIValue(v any) (any, bool) {
	rv := REFLECT.ValueOf(v)
	if rv.Kind() == REFLECT.Struct && rv.NumField() > 0 && rv.Type().Field(0).Name == "IValue" {
		return rv.Field(0).Interface(), true
	}
	return v, false
}

func gonote_ifaceEq(a, b any) bool {
	ua, wa := gonote_unwrapIValue(a)
	ub, wb := gonote_unwrapIValue(b)
	if !wa && !wb {
		return a == b
	}
	return ua == ub
}`, "REFLECT", c.importName("reflect", "reflect")))
}
