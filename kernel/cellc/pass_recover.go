package cellc

import (
	"go/ast"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// passRecover hands the value recover returns through a helper that turns
// what the interpreter panics with into what Go would have:
//
//		r := recover()  =>  r := gonote_recovered(recover())
//
//	  - the value of an explicit panic, which the interpreter hands over
//	    inside a reflect.Value, is taken out of it (%T printed
//	    reflect.Value, and r.(string) failed);
//	  - the interpreter's panic for a nil pointer dereference (a
//	    *reflect.ValueError, "reflect: call of reflect.Value.Field on zero
//	    Value") becomes the runtime error Go panics with, made by
//	    dereferencing a nil pointer in compiled code;
//	  - reflect's panics for an index or slice bound out of range, and for
//	    make with a negative size, become Go's run-time errors (without the
//	    index and length, which boundsChecks puts in where it can);
//	  - a failed type assertion, which the interpreter reports as an error
//	    that starts with the position of the assertion, becomes a run-time
//	    error with Go's message.
//
// recover is still called by the deferred function itself. Since a
// recovered panic is where the message shows, passRecover also runs
// boundsChecks.
func passRecover(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		call, ok := cur.Node().(*ast.CallExpr)
		if !ok || len(call.Args) != 0 || c.builtinName(call.Fun) != "recover" {
			return true
		}
		if outer, ok := cur.Parent().(*ast.CallExpr); ok && cur.Name() == "Args" {
			if id, ok := outer.Fun.(*ast.Ident); ok && id.Name == "gonote_recovered" {
				return true
			}
		}
		wrapped := &ast.CallExpr{Fun: ast.NewIdent(c.recoveredHelper()), Args: []ast.Expr{call}}
		c.s.info.Types[wrapped] = c.s.info.Types[call] // for passPanics: panic(recover())
		cur.Replace(wrapped)
		return true
	})
	c.boundsChecks()
	return nil
}

// recoveredHelper returns the helper of passRecover.
func (c *compilation) recoveredHelper() string {
	return c.sourceHelper("recovered", strings.NewReplacer("REFLECT", c.importName("reflect", "reflect"),
		"STRINGS", c.importName("strings", "strings"), "NEWERR", c.runtimeErrorHelper()).Replace(`package p
func gonote_nilDeref() (r any) {
	defer func() { r = recover() }()
	var b *STRINGS.Builder
	b.Len()
	return nil
}

func gonote_recovered(r any) any {
	if r == nil {
		return nil // (r.(error) panics on a nil interface)
	}
	if rv, ok := r.(REFLECT.Value); ok && rv.IsValid() && rv.CanInterface() {
		r = rv.Interface()
	}
	// (Assertions, not a type switch: the interpreter's type switch
	// misses a compiled error in a case of an interface type.)
	if x, ok := r.(*REFLECT.ValueError); ok && x.Kind == REFLECT.Invalid {
		return gonote_nilDeref()
	}
	if x, ok := r.(string); ok {
		switch {
		case STRINGS.HasPrefix(x, "reflect: ") && STRINGS.HasSuffix(x, " index out of range"):
			return NEWERR("runtime error: index out of range")
		case STRINGS.HasPrefix(x, "reflect.Value.Slice") && STRINGS.HasSuffix(x, " index out of bounds"):
			return NEWERR("runtime error: slice bounds out of range")
		case x == "reflect.MakeSlice: negative len":
			return NEWERR("runtime error: makeslice: len out of range")
		case x == "reflect.MakeSlice: negative cap" || x == "reflect.MakeSlice: len > cap":
			return NEWERR("runtime error: makeslice: cap out of range")
		case x == "reflect.MakeChan: negative buffer size":
			return NEWERR("makechan: size out of range")
		}
	}
	if x, ok := r.(error); ok && REFLECT.TypeOf(x).String() == "*interp.cfgError" {
		if i := STRINGS.Index(x.Error(), ": interface conversion: "); i >= 0 {
			return NEWERR(x.Error()[i+2:])
		}
	}
	return r
}`))
}
