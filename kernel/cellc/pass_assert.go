package cellc

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"hash/fnv"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// passAssert rewrites type assertions the interpreter gets wrong into calls
// of helpers:
//
//   - x, ok := v.(error) panicked when v is a nil interface, instead of
//     giving false;
//   - a struct value stored in an interface (var v any = User{}) does not
//     satisfy an interface in the interpreter (v.(fmt.Stringer) failed), so
//     the helper tries the session's types that implement it;
//   - an error value that went through compiled code (a pointer in an
//     error made by fmt.Errorf's %w, put into an any) is inside the
//     interpreter's wrapper, which an assertion to the cell's own type does
//     not look into; the helper takes the value out of the wrapper.
//
// For example:
//
//	e, ok := r.(error)     =>  e, ok := gonote_assert_1a2b3c4d(r)
//	s := v.(fmt.Stringer)  =>  s := gonote_must_5e6f7a8b(v)
//
// The helpers first try the assertion as written, so values the
// interpreter handles keep its answer. passTypeSwitch calls assertOK and
// assertOne for the assertions it writes.
func passAssert(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		ta, ok := cur.Node().(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil {
			return true
		}
		commaOK := false
		switch p := cur.Parent().(type) {
		case *ast.AssignStmt:
			commaOK = len(p.Lhs) == 2 && len(p.Rhs) == 1
		case *ast.ValueSpec:
			commaOK = len(p.Names) == 2 && len(p.Values) == 1
		}
		if commaOK {
			cur.Replace(c.assertOK(ta))
		} else {
			cur.Replace(c.assertOne(ta))
		}
		return true
	})
	return nil
}

// assertOK returns the helper call for the comma-ok assertion e when it
// needs one (see passAssert), or e.
func (c *compilation) assertOK(e ast.Expr) ast.Expr {
	ta, ok := e.(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil {
		return e
	}
	name := c.assertHelper(ta)
	if name == "" {
		return e
	}
	return &ast.CallExpr{Fun: ast.NewIdent(name), Args: []ast.Expr{ta.X}}
}

// assertOne returns the helper call for the single-valued assertion e
// when it needs one, or e. On failure the helper makes the assertion as
// written, so the panic is the interpreter's.
func (c *compilation) assertOne(e ast.Expr) ast.Expr {
	ta, ok := e.(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil {
		return e
	}
	ok2 := c.assertHelper(ta)
	if ok2 == "" {
		return e
	}
	t := c.typeOf(ta.Type)
	typ := c.typeString(t)
	name := strings.Replace(ok2, "gonote_assert_", "gonote_must_", 1)
	if types.IsInterface(t) {
		// On failure, the interpreter's own assertion panics.
		c.sourceHelper("must:"+name, fmt.Sprintf(`package p
func %s(v any, _ string) %s {
	if x, ok := %s(v); ok {
		return x
	}
	return v.(%s)
}`, name, typ, ok2, typ))
	} else {
		// On failure, the panic Go makes: the interpreter's names
		// its run-time types, not the cell's.
		c.sourceHelper("must:"+name, fmt.Sprintf(`package p
func %s(v any, iface string) %s {
	if x, ok := %s(v); ok {
		return x
	}
	if v == nil {
		panic(%s("interface conversion: " + iface + " is nil, not %s"))
	}
	panic(%s("interface conversion: " + iface + " is " + %s + ", not %s"))
}`, name, typ, ok2, c.runtimeErrorHelper(), c.reflectTypeName(t), c.runtimeErrorHelper(), c.dynTypeName("v"), c.reflectTypeName(t)))
	}
	iface := "interface {}"
	if xt := c.typeOf(ta.X); xt != nil {
		iface = c.reflectTypeName(xt)
	}
	return &ast.CallExpr{Fun: ast.NewIdent(name), Args: []ast.Expr{ta.X, &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(iface)}}}
}

// runtimeErrorHelper returns the constructor of the session's stand-in
// for a run-time error of Go (a runtime.Error with the given message).
// The interpreter's wrapper of the error it returns hides the
// RuntimeError method; assertHelperFor looks inside.
func (c *compilation) runtimeErrorHelper() string {
	return c.sourceHelper("runtimeError", `package p
type gonote_runtimeError struct{ msg string }

func (e *gonote_runtimeError) Error() string { return e.msg }

func (e *gonote_runtimeError) RuntimeError() {}

func gonote_newRuntimeError(msg string) error { return &gonote_runtimeError{msg} }`)
}

// dynTypeName returns an expression for the name of the dynamic type of
// x, an any, as %T prints it.
func (c *compilation) dynTypeName(x string) string {
	any := types.NewInterfaceType(nil, nil)
	if name := c.typeNameHelper(any); name != "" {
		return name + "(" + x + ")"
	}
	return c.importName("fmt", "fmt") + `.Sprintf("%T", ` + x + ")"
}

// assertHelper returns the name of the comma-ok helper for the assertion
// ta, declaring it, or "" when the interpreter gets ta right.
func (c *compilation) assertHelper(ta *ast.TypeAssertExpr) string {
	t := c.typeOf(ta.Type)
	if t == nil || !c.packageLevel(t, map[types.Type]bool{}) {
		return ""
	}
	// (Assertions passTypeSwitch writes have no type information for
	// their operand, which is a type switch's, an interface.)
	if xt := c.typeOf(ta.X); xt != nil && !types.IsInterface(xt) {
		return ""
	}
	return c.assertHelperFor(t)
}

// assertHelperFor returns the name of the comma-ok helper for assertions
// to t, declaring it, or "" when the interpreter gets them right.
func (c *compilation) assertHelperFor(t types.Type) string {
	typ := c.typeString(t)
	var basic, tries []string
	// The assertion as written, to an interface of compiled code, is
	// tried last (to an interface the session declares the interpreter
	// panics when it succeeds).
	native := true
	if it, ok := t.Underlying().(*types.Interface); ok {
		if it.Empty() {
			return ""
		}
		// The session's types that implement it, by assertions on
		// the value out of any wrapper.
		for _, cand := range c.implementers(it) {
			if _, ok := cand.Underlying().(*types.Basic); ok {
				basic = append(basic, c.typeString(cand))
			} else {
				tries = append(tries, c.typeString(cand))
			}
		}
		native = !c.sessionIface(t)
		if len(tries) == 0 && !c.sessionIface(t) && c.runtimeErrorIface(it) {
			tries = append(tries, "*gonote_runtimeError")
			c.runtimeErrorHelper()
		}
	} else {
		if !c.mentionsSessionType(t) {
			return ""
		}
		native = false
		if _, ok := t.Underlying().(*types.Basic); ok {
			basic = append(basic, typ)
		} else {
			tries = append(tries, typ)
		}
	}
	h := fnv.New32a()
	h.Write([]byte(typ + "|" + strings.Join(basic, ",") + "|" + strings.Join(tries, ",")))
	name := fmt.Sprintf("gonote_assert_%08x", h.Sum32())
	var b strings.Builder
	fmt.Fprintf(&b, "package p\nfunc %s(v any) (%s, bool) {\n\tvar zero %s\n\tif v == nil {\n\t\treturn zero, false\n\t}\n", name, typ, typ)
	_, basicKind := t.Underlying().(*types.Basic)
	if !types.IsInterface(t) && !basicKind {
		fmt.Fprintf(&b, "\tif x, ok := v.(%s); ok {\n\t\treturn x, true\n\t}\n", typ)
	}
	fmt.Fprintf(&b, "\tdv, interp := %s(v)\n\t_ = interp\n", c.dynHelper())
	for _, try := range tries {
		fmt.Fprintf(&b, "\tif x, ok := dv.(%s); ok {\n\t\treturn x, true\n\t}\n", try)
	}
	if !types.IsInterface(t) && c.boxable(t) {
		// In an error it is a pointer to a copy (passErrBox).
		fmt.Fprintf(&b, "\tif p, ok := dv.(*%s); ok && p != nil {\n\t\treturn *p, true\n\t}\n", typ)
	}
	if len(basic) > 0 {
		// Only an interpreted value of a basic kind can be one of the
		// session's types: a plain 3.5 is no Celsius.
		b.WriteString("\tif interp {\n")
		for _, try := range basic {
			fmt.Fprintf(&b, "\t\tif x, ok := dv.(%s); ok {\n\t\t\treturn x, true\n\t\t}\n", try)
		}
		b.WriteString("\t}\n")
	}
	if native {
		// A compiled value: the interpreter's own assertion, last,
		// since it fails on some interpreted values.
		fmt.Fprintf(&b, "\tif x, ok := v.(%s); ok {\n\t\treturn x, true\n\t}\n", typ)
	}
	b.WriteString("\treturn zero, false\n}\n")
	c.sourceHelper(name, b.String())
	return name
}

// runtimeErrorIface reports whether the stand-in for Go's run-time errors
// (runtimeErrorHelper) implements it, an interface other than error: one
// whose methods are Error() string and RuntimeError(), or some of them.
func (c *compilation) runtimeErrorIface(it *types.Interface) bool {
	if it.NumMethods() == 1 && it.Method(0).Name() == "Error" {
		return false // the interpreter's assertion to error sees it
	}
	for i := 0; i < it.NumMethods(); i++ {
		m := it.Method(i)
		sig := m.Type().(*types.Signature)
		switch {
		case m.Name() == "RuntimeError" && sig.Params().Len() == 0 && sig.Results().Len() == 0:
		case m.Name() == "Error" && sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]):
		default:
			return false
		}
	}
	return true
}

// implementers returns the session's named types, and pointers to them,
// that implement it.
func (c *compilation) implementers(it *types.Interface) []types.Type {
	var out []types.Type
	for _, n := range c.sessionTypes() {
		for _, cand := range []types.Type{n, types.NewPointer(n)} {
			if types.Implements(cand, it) {
				out = append(out, cand)
			}
		}
	}
	return out
}

// sessionTypes returns the session's non-generic named types that are not
// interfaces, sorted by name.
func (c *compilation) sessionTypes() []*types.Named {
	if c.sessTypes != nil {
		return c.sessTypes
	}
	c.sessTypes = []*types.Named{}
	scope := c.s.pkg.Scope()
	for _, name := range scope.Names() { // sorted
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || n.TypeParams().Len() > 0 || types.IsInterface(n) {
			continue
		}
		c.sessTypes = append(c.sessTypes, n)
	}
	return c.sessTypes
}
