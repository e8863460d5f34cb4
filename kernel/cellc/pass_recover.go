package cellc

import (
	"go/ast"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// passRecover hands the value recover returns through a helper that turns
// the interpreter's own panic for a nil pointer dereference (a
// *reflect.ValueError, "reflect: call of reflect.Value.Field on zero
// Value") into the runtime error Go panics with, made by dereferencing a
// nil pointer in compiled code:
//
//	r := recover()  =>  r := gonote_recovered(recover())
//
// recover is still called by the deferred function itself.
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
	return nil
}

// recoveredHelper returns the helper of passRecover.
func (c *compilation) recoveredHelper() string {
	return c.sourceHelper("recovered", strings.NewReplacer("REFLECT", c.importName("reflect", "reflect"),
		"STRINGS", c.importName("strings", "strings")).Replace(`package p
func gonote_nilDeref() (r any) {
	defer func() { r = recover() }()
	var b *STRINGS.Builder
	b.Len()
	return nil
}

func gonote_recovered(r any) any {
	if ve, ok := r.(*REFLECT.ValueError); ok && ve.Kind == REFLECT.Invalid {
		return gonote_nilDeref()
	}
	return r
}`))
}
