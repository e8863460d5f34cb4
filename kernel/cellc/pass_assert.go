package cellc

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"hash/fnv"
	"sort"
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
			cur.Replace(c.assertOK(ta, false))
		} else {
			cur.Replace(c.assertOne(ta, false))
		}
		return true
	})
	return nil
}

// assertOK returns the helper call for the comma-ok assertion e when it
// needs one (see passAssert), or e. strict is as for assertHelperFor.
func (c *compilation) assertOK(e ast.Expr, strict bool) ast.Expr {
	ta, ok := e.(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil {
		return e
	}
	name := c.assertHelper(ta, strict)
	if name == "" {
		return e
	}
	return &ast.CallExpr{Fun: ast.NewIdent(name), Args: []ast.Expr{ta.X}}
}

// assertOne returns the helper call for the single-valued assertion e
// when it needs one, or e. On failure the helper makes the assertion as
// written, so the panic is the interpreter's.
func (c *compilation) assertOne(e ast.Expr, strict bool) ast.Expr {
	ta, ok := e.(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil {
		return e
	}
	ok2 := c.assertHelper(ta, strict)
	if ok2 == "" {
		return e
	}
	t := c.typeOf(ta.Type)
	typ := c.typeString(t)
	name := strings.Replace(ok2, "gonote_assert_", "gonote_must_", 1)
	if types.IsInterface(t) {
		// On failure, the panic Go makes, naming the first method
		// the value's type lacks.
		c.sourceHelper("must:"+name, fmt.Sprintf(`package p
func %s(v any, _ string) %s {
	if x, ok := %s(v); ok {
		return x
	}
	if v == nil {
		panic(%s("interface conversion: interface is nil, not %s"))
	}
	dyn := %s
	panic(%s("interface conversion: " + dyn + " is not %s: missing method " + %s(v, dyn)))
}`, name, typ, ok2, c.runtimeErrorHelper(), c.reflectTypeName(t), c.dynTypeName("v"), c.runtimeErrorHelper(), c.reflectTypeName(t), c.missingMethodHelper(t)))
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

// missingMethodHelper returns the name of a helper that gives the first
// method, by name, of the interface type t that the dynamic type of v
// (named dyn, as %T writes it) lacks, as Go's failed assertion names it:
// for the session's types from their method sets, for others by reflect.
func (c *compilation) missingMethodHelper(t types.Type) string {
	it := t.Underlying().(*types.Interface)
	var methods []string
	for i := 0; i < it.NumMethods(); i++ {
		methods = append(methods, it.Method(i).Name())
	}
	sort.Strings(methods)
	var cases strings.Builder
	for _, n := range c.sessionTypes() {
		for _, cand := range []types.Type{n, types.NewPointer(n)} {
			ms := types.NewMethodSet(cand)
			for _, m := range methods {
				if ms.Lookup(c.s.pkg, m) == nil {
					fmt.Fprintf(&cases, "\tcase %q:\n\t\treturn %q\n", c.reflectTypeName(cand), m)
					break
				}
			}
		}
	}
	quoted := make([]string, len(methods))
	for i, m := range methods {
		quoted[i] = strconv.Quote(m)
	}
	name, key, done := c.typeHelper("missing", t)
	if !done {
		c.declareHelper(key, fmt.Sprintf(`package p
func %s(v any, dyn string) string {
	switch dyn {
%s	}
	rt := %s.TypeOf(v)
	for _, m := range []string{%s} {
		if _, ok := rt.MethodByName(m); !ok {
			return m
		}
	}
	return %q
}`, name, cases.String(), c.importName("reflect", "reflect"), strings.Join(quoted, ", "), methods[0]))
	}
	return name
}

// runtimeErrorHelper returns the constructor of the session's stand-in
// for a run-time error of Go (a runtime.Error with the given message).
// The interpreter's wrapper of the error it returns hides the
// RuntimeError method; assertHelperFor looks inside.
//
// It keeps the name of the type Go's error would have, which %T prints
// (typeNameHelper).
func (c *compilation) runtimeErrorHelper() string {
	return c.sourceHelper("runtimeError", strings.ReplaceAll(`package p
type gonote_runtimeError struct{ msg, typ string }

func (e *gonote_runtimeError) Error() string { return e.msg }

func (e *gonote_runtimeError) RuntimeError() {}

func gonote_newRuntimeError(msg string) error {
	typ := "runtime.errorString"
	switch {
	case STRINGS.HasPrefix(msg, "interface conversion: "):
		typ = "*runtime.TypeAssertionError"
	case STRINGS.HasPrefix(msg, "runtime error: index out of range") || STRINGS.HasPrefix(msg, "runtime error: slice bounds out of range"):
		typ = "runtime.boundsError"
	case !STRINGS.HasPrefix(msg, "runtime error: "):
		typ = "runtime.plainError"
	}
	return &gonote_runtimeError{msg, typ}
}`, "STRINGS", c.importName("strings", "strings")))
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
func (c *compilation) assertHelper(ta *ast.TypeAssertExpr, strict bool) string {
	t := c.typeOf(ta.Type)
	if t == nil || !c.packageLevel(t, map[types.Type]bool{}) {
		return ""
	}
	// (Assertions passTypeSwitch writes have no type information for
	// their operand, which is a type switch's, an interface.)
	if xt := c.typeOf(ta.X); xt != nil && !types.IsInterface(xt) {
		return ""
	}
	if strict {
		return c.assertHelperStrict(t)
	}
	return c.assertHelperFor(t)
}

// assertHelperFor returns the name of the comma-ok helper for assertions
// to t, declaring it, or "" when the interpreter gets them right.
//
// A value of a named type of a basic kind is in the interpreter's wrapper
// when the type has methods, where only a type switch tells its type
// exactly; without methods it is a plain value of its kind, which only
// the value's kind tells apart: an assertion to a session type without
// methods accepts such a value (a plain "x" asserted to type Text string
// succeeds, where Go's fails). A type switch that also has a case of the
// plain kind asks for a strict helper, which does not.
func (c *compilation) assertHelperFor(t types.Type) string {
	return c.assertHelperMode(t, false)
}

// assertHelperStrict is assertHelperFor for a type switch that has a case
// of t's kind too: a plain value of that kind is not taken for t.
func (c *compilation) assertHelperStrict(t types.Type) string {
	return c.assertHelperMode(t, true)
}

func (c *compilation) assertHelperMode(t types.Type, strict bool) string {
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
			// The interpreter's assertion to a basic type accepts a
			// wrapped value of a session type of that kind.
			return c.assertPlainHelper(t)
		}
		native = false
		if _, ok := t.Underlying().(*types.Basic); ok {
			basic = append(basic, typ)
		} else {
			tries = append(tries, typ)
		}
	}
	_, basicKind := t.Underlying().(*types.Basic)
	// A plain value of t's kind is taken for t when t has no methods and
	// so is never wrapped.
	plain := basicKind && !strict && !c.hasMethods(t)
	h := fnv.New32a()
	key := typ + "|" + strings.Join(basic, ",") + "|" + strings.Join(tries, ",")
	if plain {
		key += "|plain"
	}
	h.Write([]byte(key))
	name := fmt.Sprintf("gonote_assert_%08x", h.Sum32())
	var b strings.Builder
	fmt.Fprintf(&b, "package p\nfunc %s(v any) (%s, bool) {\n\tvar zero %s\n\tif v == nil {\n\t\treturn zero, false\n\t}\n", name, typ, typ)
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
		// A wrapped value of a basic kind is one of the session's
		// types; the interpreter's type switch (without a variable,
		// which breaks it), unlike its assertion, tells which.
		b.WriteString("\tif interp {\n\t\tswitch dv.(type) {\n")
		for _, try := range basic {
			fmt.Fprintf(&b, "\t\tcase %s:\n\t\t\tx, _ := dv.(%s)\n\t\t\treturn x, true\n", try, try)
		}
		b.WriteString("\t\t}\n\t}\n")
	}
	if plain {
		fmt.Fprintf(&b, "\tif !interp {\n\t\tif x, ok := v.(%s); ok {\n\t\t\treturn x, true\n\t\t}\n\t}\n", typ)
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

// assertPlainHelper returns the name of the comma-ok helper for
// assertions to t, a type of compiled code, when the session has types of
// t's underlying basic kind that have methods, whose values the
// interpreter's assertion takes for t's; or "".
func (c *compilation) assertPlainHelper(t types.Type) string {
	if _, ok := t.Underlying().(*types.Basic); !ok || !c.packageLevel(t, map[types.Type]bool{}) {
		return ""
	}
	var others []string
	for _, n := range c.sessionTypes() {
		if c.hasMethods(n) && types.Identical(n.Underlying(), t.Underlying()) {
			others = append(others, c.typeString(n))
		}
	}
	if len(others) == 0 {
		return ""
	}
	typ := c.typeString(t)
	h := fnv.New32a()
	h.Write([]byte("plain|" + typ + "|" + strings.Join(others, ",")))
	name := fmt.Sprintf("gonote_assert_%08x", h.Sum32())
	c.sourceHelper(name, fmt.Sprintf(`package p
func %s(v any) (%s, bool) {
	if dv, interp := %s(v); interp {
		switch dv.(type) {
		case %s:
			var zero %s
			return zero, false
		}
	}
	x, ok := v.(%s)
	return x, ok
}`, name, typ, c.dynHelper(), strings.Join(others, ", "), typ, typ))
	return name
}

// hasMethods reports whether t or *t has methods: the interpreter keeps
// a value of such a type in its wrapper when it is in an interface.
func (c *compilation) hasMethods(t types.Type) bool {
	if _, ok := t.(*types.Pointer); ok {
		return types.NewMethodSet(t).Len() > 0
	}
	return types.NewMethodSet(types.NewPointer(t)).Len() > 0
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
// interfaces, sorted by name, then the types hoisted out of functions.
// scopeTypes returns the named types of scope, by name, other than
// aliases, generic types and interfaces.
func scopeTypes(scope *types.Scope) []*types.Named {
	list := []*types.Named{}
	for _, name := range scope.Names() { // sorted
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || n.TypeParams().Len() > 0 || types.IsInterface(n) {
			continue
		}
		list = append(list, n)
	}
	return list
}

// typeChanges reports whether the cell declares or replaces a type, or
// adds or removes methods, so that the session's types, or which of them
// are errors, differ from the committed session's.
func (p *pending) typeChanges(scope *types.Scope) bool {
	if len(p.methodsAdded) > 0 || len(p.methodsRemoved) > 0 {
		return true
	}
	for _, o := range p.removed {
		if _, ok := o.(*types.TypeName); ok {
			return true
		}
	}
	for _, name := range p.inserted {
		if _, ok := scope.Lookup(name).(*types.TypeName); ok {
			return true
		}
	}
	return false
}

func (c *compilation) sessionTypes() []*types.Named {
	if c.sessTypes != nil {
		return c.sessTypes
	}
	// The committed session's list serves every cell that declares no
	// types, so that a cell's compile does not grow with the session.
	if c.pend.typeChanges(c.s.pkg.Scope()) {
		c.sessTypes = scopeTypes(c.s.pkg.Scope())
	} else {
		c.sessTypes = c.s.committedTypes[:len(c.s.committedTypes):len(c.s.committedTypes)]
	}
	// Types hoisted out of functions, in order of their emitted names.
	var hoisted []*types.Named
	for tn := range c.hoistedTypes {
		if n, ok := tn.Type().(*types.Named); ok && !types.IsInterface(n) {
			hoisted = append(hoisted, n)
		}
	}
	sort.Slice(hoisted, func(i, j int) bool { return c.pend.names[hoisted[i].Obj()] < c.pend.names[hoisted[j].Obj()] })
	c.sessTypes = append(c.sessTypes, hoisted...)
	return c.sessTypes
}
