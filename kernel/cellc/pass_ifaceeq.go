package cellc

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"hash/fnv"
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
		x, y := be.X, be.Y
		xt, yt := c.typeOf(x), c.typeOf(y)
		helper := ""
		switch {
		case c.wrappedIface(xt) || c.wrappedIface(yt):
			helper = c.ifaceEqHelper()
		case xt == nil || yt == nil:
		case types.IsInterface(xt) && c.referenced(yt) && types.Comparable(yt):
			helper = c.isValueHelper(yt)
		case types.IsInterface(yt) && c.referenced(xt) && types.Comparable(xt):
			helper = c.isValueHelper(xt)
			x, y = y, x
		case types.IsInterface(xt):
			helper = c.valueEqHelper(xt)
		case types.IsInterface(yt):
			helper = c.valueEqHelper(yt)
		}
		if helper == "" {
			return true
		}
		if strings.HasPrefix(helper, "gonote_isValue_") {
			var e ast.Expr = &ast.CallExpr{Fun: ast.NewIdent(helper), Args: []ast.Expr{x, y}}
			if be.Op == token.NEQ {
				e = &ast.UnaryExpr{Op: token.NOT, X: e}
			}
			cur.Replace(e)
			return true
		}
		// The operand that is not an interface is converted to the
		// other's type, as Go converts it, so that both are wrapped.
		if xt != nil && yt != nil && !types.IsInterface(xt) {
			x = &ast.CallExpr{Fun: c.typeExpr(yt), Args: []ast.Expr{x}}
		} else if xt != nil && yt != nil && !types.IsInterface(yt) {
			y = &ast.CallExpr{Fun: c.typeExpr(xt), Args: []ast.Expr{y}}
		}
		var e ast.Expr = &ast.CallExpr{Fun: ast.NewIdent(helper), Args: []ast.Expr{x, y}}
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

// valueEqHelper returns the name of a helper comparing two values of the
// interface type t, declaring it, or "" when no type of the session that
// yaegi keeps in its wrapper (one with methods) can be in t: yaegi
// compares the wrappers, which differ for equal values (var s Shape =
// Rect{2, 3}; s == Rect{2, 3} was false). The helper finds the dynamic
// type of both as dispatch does (a struct or pointer by assertion, a
// value of another kind, wrapped, by a type switch) and compares the
// values as that type.
func (c *compilation) valueEqHelper(t types.Type) string {
	if _, ok := t.(*types.TypeParam); ok || !c.packageLevel(t, map[types.Type]bool{}) {
		return ""
	}
	it := t.Underlying().(*types.Interface)
	var asserted, switched []string
	for _, n := range c.sessionTypes() {
		if !c.referenced(n) {
			continue
		}
		for _, cand := range []types.Type{n, types.NewPointer(n)} {
			if !types.Implements(cand, it) || !types.Comparable(cand) {
				continue
			}
			switch cand.Underlying().(type) {
			case *types.Struct, *types.Pointer:
				asserted = append(asserted, c.typeString(cand))
			default:
				switched = append(switched, c.typeString(cand))
			}
		}
	}
	if len(asserted)+len(switched) == 0 {
		return ""
	}
	h := fnv.New32a()
	h.Write([]byte(strings.Join(asserted, ",") + "|" + strings.Join(switched, ",")))
	name := fmt.Sprintf("gonote_valueEq_%08x", h.Sum32())
	var b strings.Builder
	fmt.Fprintf(&b, "package p\nfunc %s(a, b any) bool {\n\tda, wa := %s(a)\n\tdb, wb := %s(b)\n\t_, _ = wa, wb\n", name, c.dynHelper(), c.dynHelper())
	for _, cand := range asserted {
		fmt.Fprintf(&b, "\tif x, ok := da.(%[1]s); ok {\n\t\ty, ok := db.(%[1]s)\n\t\treturn ok && x == y\n\t}\n", cand)
	}
	if len(switched) > 0 {
		b.WriteString("\tif wa {\n\t\tswitch da.(type) {\n")
		for _, cand := range switched {
			fmt.Fprintf(&b, "\t\tcase %[1]s:\n\t\t\tx, _ := da.(%[1]s)\n\t\t\tif wb {\n\t\t\t\tswitch db.(type) {\n\t\t\t\tcase %[1]s:\n\t\t\t\t\ty, _ := db.(%[1]s)\n\t\t\t\t\treturn x == y\n\t\t\t\t}\n\t\t\t}\n\t\t\treturn false\n", cand)
		}
		b.WriteString("\t\t}\n\t}\n")
	}
	fmt.Fprintf(&b, "\treturn %s(a, b)\n}\n", c.ifaceEqHelper())
	return c.sourceHelper(name, b.String())
}

// isValueHelper returns the name of a helper comparing a value of an
// interface type with one of type t, a type of the session with methods,
// declaring it: yaegi compares its wrapper with t's value, which never
// matches. The value is what the interface holds if that is a t, found as
// valueEqHelper finds it.
func (c *compilation) isValueHelper(t types.Type) string {
	typ := c.typeString(t)
	name, key, done := c.typeHelper("isValue", t)
	if done {
		return name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "package p\nfunc %s(a any, y %s) bool {\n\tda, wa := %s(a)\n", name, typ, c.dynHelper())
	switch t.Underlying().(type) {
	case *types.Struct, *types.Pointer:
		fmt.Fprintf(&b, "\t_ = wa\n\tx, ok := da.(%s)\n\treturn ok && x == y\n}\n", typ)
	default:
		fmt.Fprintf(&b, "\tif wa {\n\t\tswitch da.(type) {\n\t\tcase %[1]s:\n\t\t\tx, _ := da.(%[1]s)\n\t\t\treturn x == y\n\t\t}\n\t}\n\treturn false\n}\n", typ)
	}
	c.declareHelper(key, b.String())
	return name
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
