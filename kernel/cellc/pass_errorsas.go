package cellc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"hash/fnv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// passErrorsAs also replaces errors.Join, errors.Is and errors.Unwrap with
// interpreted equivalents, so that the cell's own error values never pass through a
// native []error, out of which the interpreter cannot get them back (an
// errors.As on an errors.Join of them failed).
//
// passErrorsAs replaces errors.As, which fails in the interpreter for error
// types the cell declares ("*target must be interface or implement error")
// and cannot unwrap them to find others, with a function literal that walks the error tree the way errors.As does
// (the error, then what Unwrap returns, depth first, including
// Unwrap() []error and As methods), using a type assertion to the target's
// element type, which go/types knows:
//
//	errors.As(err, &fe)  =>  func(err error, target *T) bool { ... }(err, &fe)
func passErrorsAs(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		call, ok := cur.Node().(*ast.CallExpr)
		if !ok {
			return true
		}
		switch {
		case c.isFunc(call.Fun, "errors", "Join"):
			call.Fun = ast.NewIdent(c.errorsJoinHelper())
			return true
		case c.isFunc(call.Fun, "errors", "Is") && len(call.Args) == 2:
			call.Fun = ast.NewIdent(c.errorsIsHelper())
			return true
		case c.isFunc(call.Fun, "errors", "Unwrap") && len(call.Args) == 1:
			call.Fun = ast.NewIdent(c.errorsUnwrapHelper())
			return true
		}
		if len(call.Args) != 2 || !c.isFunc(call.Fun, "errors", "As") {
			return true
		}
		pt, ok := c.typeOf(call.Args[1]).(*types.Pointer)
		if !ok {
			return true
		}
		if _, isParam := pt.Elem().(*types.TypeParam); isParam {
			return true
		}
		// A target of compiled code's type (*fs.PathError) is walked to
		// as well: the native errors.As cannot call the Unwrap methods
		// of the cell's error types, nor see into the errors.Join above.
		t := c.typeString(pt.Elem())
		assert := c.assertHelperFor(pt.Elem())
		if assert == "" {
			if !c.packageLevel(pt.Elem(), map[types.Type]bool{}) {
				return true
			}
			assert = c.assertDirectHelper(pt.Elem())
		}
		c.errorsJoinHelper() // the walk knows the joined errors' type
		lit, err := parser.ParseExpr(fmt.Sprintf(`func(err error, target *%[1]s) bool {
	stack := []error{err}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e == nil {
			continue
		}
		if t, ok := %[2]s(e); ok {
			*target = t
			return true
		}
		if x, ok := %[3]s(e); ok && x.As(target) {
			return true
		}
		if j, ok := e.(*gonote_joinError); ok {
			for i := len(j.errs) - 1; i >= 0; i-- {
				stack = append(stack, j.errs[i])
			}
		} else if u, ok := %[4]s(e); ok {
			stack = append(stack, u.Unwrap())
		} else if u, ok := %[5]s(e); ok {
			errs := u.Unwrap()
			for i := len(errs) - 1; i >= 0; i-- {
				stack = append(stack, errs[i])
			}
		} else {
			errs := %[6]s(e)
			for i := len(errs) - 1; i >= 0; i-- {
				stack = append(stack, errs[i])
			}
		}
	}
	return false
}`, t, assert, c.methodAssert("As"), c.methodAssert("Unwrap"), c.methodAssert("UnwrapAll"), c.unwrapNativeHelper()))
		if err != nil {
			return true
		}
		cur.Replace(&ast.CallExpr{Fun: lit, Args: call.Args})
		return true
	})
	return nil
}

// standInTarget reports whether errors.As to t, in a cell that recovers,
// may meet the stand-in for Go's run-time errors (runtimeErrorHelper),
// whose RuntimeError method native code does not see.
func (c *compilation) standInTarget(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && c.has&hasRecover != 0 && !c.sessionIface(t) && c.runtimeErrorIface(it)
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

// errorsJoinHelper returns the name of the session's errors.Join
// replacement, declaring it in this unit the first time.
func (c *compilation) errorsJoinHelper() string {
	return c.sourceHelper("errorsJoin", `package p
type gonote_joinError struct{ errs []error }

func (e *gonote_joinError) Error() string {
	s := ""
	for i, err := range e.errs {
		if i > 0 {
			s += "\n"
		}
		s += err.Error()
	}
	return s
}

func (e *gonote_joinError) Unwrap() []error { return e.errs }

func gonote_errorsJoin(errs ...error) error {
	var j *gonote_joinError
	for _, err := range errs {
		if err != nil {
			if j == nil {
				j = &gonote_joinError{}
			}
			j.errs = append(j.errs, err)
		}
	}
	if j == nil {
		return nil
	}
	return j
}`)
}

// errorsIsHelper returns the name of the session's errors.Is replacement:
// errors.Is, then a walk of the error tree in interpreted code, which sees
// the Unwrap methods of the cell's own error types.
func (c *compilation) errorsIsHelper() string {
	c.errorsJoinHelper()
	is, unwrap, unwrapAll := c.methodAssert("Is"), c.methodAssert("Unwrap"), c.methodAssert("UnwrapAll")
	h := fnv.New32a()
	h.Write([]byte(is + unwrap + unwrapAll))
	name := fmt.Sprintf("gonote_errorsIs_%08x", h.Sum32())
	// (Errors are compared by what yaegi's wrappers hold: comparing two
	// wrappers panics.)
	src := strings.NewReplacer("ERRORS", c.importName("errors", "errors"), "NAME", name, "EQ", c.ifaceEqHelper(),
		"ISER", is, "UNWRAPALL", unwrapAll, "UNWRAPPER", unwrap, "UNWRAPNATIVE", c.unwrapNativeHelper()).Replace(`package p
func NAME(err, target error) bool {
	if err == nil || target == nil {
		return err == target
	}
	if ERRORS.Is(err, target) {
		return true
	}
	stack := []error{err}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e == nil {
			continue
		}
		if EQ(e, target) || ERRORS.Is(e, target) {
			return true
		}
		if x, ok := ISER(e); ok && x.Is(target) {
			return true
		}
		if j, ok := e.(*gonote_joinError); ok {
			for i := len(j.errs) - 1; i >= 0; i-- {
				stack = append(stack, j.errs[i])
			}
		} else if u, ok := UNWRAPPER(e); ok {
			stack = append(stack, u.Unwrap())
		} else if u, ok := UNWRAPALL(e); ok {
			errs := u.Unwrap()
			for i := len(errs) - 1; i >= 0; i-- {
				stack = append(stack, errs[i])
			}
		} else {
			errs := UNWRAPNATIVE(e)
			for i := len(errs) - 1; i >= 0; i-- {
				stack = append(stack, errs[i])
			}
		}
	}
	return false
}`)
	c.sourceHelper(name, src)
	return name
}

// errorsUnwrapHelper returns errors.Unwrap for interpreted code: the
// Unwrap() error method of the cell's types is out of native code's sight
// inside yaegi's wrapper.
func (c *compilation) errorsUnwrapHelper() string {
	unwrap := c.methodAssert("Unwrap")
	h := fnv.New32a()
	h.Write([]byte(unwrap))
	name := fmt.Sprintf("gonote_errorsUnwrap_%08x", h.Sum32())
	return c.sourceHelper(name, fmt.Sprintf(`package p
func %s(err error) error {
	if u, ok := %s(err); ok {
		return u.Unwrap()
	}
	return %s.Unwrap(err)
}`, name, unwrap, c.importName("errors", "errors")))
}

// unwrapNativeHelper returns the helper that calls the Unwrap method of
// an error of compiled code (fmt.Errorf's), which interpreted code cannot
// assert to an interface it declares.
func (c *compilation) unwrapNativeHelper() string {
	return c.sourceHelper("unwrapNative", strings.ReplaceAll(`package p
func gonote_unwrapNative(e error) []error {
	m := REFLECT.ValueOf(e).MethodByName("Unwrap")
	if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 {
		return nil
	}
	out := m.Call(nil)[0]
	if out.Kind() == REFLECT.Slice {
		errs, _ := out.Interface().([]error)
		return errs
	}
	if out.Kind() != REFLECT.Interface || out.IsNil() {
		return nil
	}
	if x, ok := out.Interface().(error); ok {
		return []error{x}
	}
	return nil
}`, "REFLECT", c.importName("reflect", "reflect")))
}

// methodAssert returns the comma-ok assertion helper for the interface of
// the error-tree method named: "Is" (Is(error) bool), "As" (As(any) bool),
// "Unwrap" (Unwrap() error) or "UnwrapAll" (Unwrap() []error). The
// helper sees the methods of the cell's types inside yaegi's wrapper.
func (c *compilation) methodAssert(which string) string {
	errT := types.Universe.Lookup("error").Type()
	tuple := func(t types.Type) *types.Tuple { return types.NewTuple(types.NewVar(token.NoPos, nil, "", t)) }
	var name string
	var sig *types.Signature
	switch which {
	case "Is":
		name, sig = "Is", types.NewSignatureType(nil, nil, nil, tuple(errT), tuple(types.Typ[types.Bool]), false)
	case "As":
		name, sig = "As", types.NewSignatureType(nil, nil, nil, tuple(types.NewInterfaceType(nil, nil)), tuple(types.Typ[types.Bool]), false)
	case "Unwrap":
		name, sig = "Unwrap", types.NewSignatureType(nil, nil, nil, nil, tuple(errT), false)
	default:
		name, sig = "Unwrap", types.NewSignatureType(nil, nil, nil, nil, tuple(types.NewSlice(errT)), false)
	}
	it := types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, name, sig)}, nil).Complete()
	return c.assertHelperFor(it)
}

// sourceHelper declares the Go source src (a file of package p whose last
// function is the helper) in this unit unless an earlier unit of the
// session did, and returns the helper's name.
func (c *compilation) sourceHelper(key, src string) string {
	f, err := parser.ParseFile(c.s.fset, "", src, 0)
	if err != nil {
		panic("cellc: helper does not parse: " + err.Error())
	}
	name := f.Decls[len(f.Decls)-1].(*ast.FuncDecl).Name.Name
	if _, ok := c.s.helpers[key]; ok {
		return name
	}
	if _, ok := c.helpers[key]; ok {
		return name
	}
	c.helpers[key] = name
	c.helperDecls = append(c.helperDecls, f.Decls...)
	return name
}

// assertDirectHelper returns a helper asserting a value to t as written,
// for a type the interpreter asserts to as Go does.
func (c *compilation) assertDirectHelper(t types.Type) string {
	typ := c.typeString(t)
	h := fnv.New32a()
	h.Write([]byte("direct|" + typ))
	name := fmt.Sprintf("gonote_assert_%08x", h.Sum32())
	return c.sourceHelper(name, fmt.Sprintf("package p\nfunc %s(v any) (%s, bool) {\n\tx, ok := v.(%s)\n\treturn x, ok\n}", name, typ, typ))
}

// mentionsSessionType reports whether t is or contains a type the
// session's code declares.
func (c *compilation) mentionsSessionType(t types.Type) bool {
	switch t := t.(type) {
	case *types.Named:
		if t.Obj().Pkg() == c.s.pkg {
			return true
		}
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if c.mentionsSessionType(t.TypeArgs().At(i)) {
				return true
			}
		}
	case *types.Pointer:
		return c.mentionsSessionType(t.Elem())
	case *types.Slice:
		return c.mentionsSessionType(t.Elem())
	case *types.Array:
		return c.mentionsSessionType(t.Elem())
	case *types.Map:
		return c.mentionsSessionType(t.Key()) || c.mentionsSessionType(t.Elem())
	}
	return false
}
