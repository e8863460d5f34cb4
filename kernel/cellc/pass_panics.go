package cellc

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passPanics gives every explicit panic a frame of its own, so that the
// panic's position is known. The interpreter reports each frame of a panic
// at the start of its function's body, not where the frame was when it
// panicked; a function literal whose body is only the panic starts exactly
// at the panic:
//
//	panic(v)  =>  func(gonote_v1 T) { panic(gonote_v1) }(v)
//
// T is the argument's own type, so that the panic value reaches recover and
// the engine as it did. The argument is still evaluated in the caller's
// frame, and recover behaves as before, since a deferred function recovers
// panics of its function's callees too. panic(nil) and values whose type
// involves a type parameter are left alone. The panic keeps its position in the cell; Unit.PanicSite
// tells the engine that the literal's frame is the compiler's.
func passPanics(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		st, ok := cur.Node().(*ast.ExprStmt)
		if !ok {
			return true
		}
		call, ok := st.X.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() || c.builtinName(call.Fun) != "panic" {
			return true
		}
		t := c.typeOf(call.Args[0])
		if t == nil || mentionsTypeParam(t) {
			return true
		}
		if b, ok := t.(*types.Basic); ok && b.Kind() == types.UntypedNil {
			return true
		}
		v := c.temp("v")
		inner := &ast.CallExpr{Fun: call.Fun, Lparen: call.Lparen, Args: []ast.Expr{ast.NewIdent(v)}, Rparen: call.Rparen}
		// The literal is placed at the panic, so that the printer keeps it on
		// the panic's line.
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: call.Pos(), Params: &ast.FieldList{List: []*ast.Field{{
				Names: []*ast.Ident{ast.NewIdent(v)},
				Type:  c.typeExpr(t),
			}}}},
			Body: &ast.BlockStmt{Lbrace: call.Pos(), List: []ast.Stmt{&ast.ExprStmt{X: inner}}, Rbrace: call.Rparen},
		}
		if c.panics == nil {
			c.panics = make(map[ast.Node]bool)
		}
		c.panics[inner] = true
		st.X = &ast.CallExpr{Fun: lit, Args: call.Args}
		return true
	})
	return nil
}

// mentionsTypeParam reports whether t is, or is made of, a type parameter.
// Unnamed function, struct and non-empty interface types count, unexamined.
func mentionsTypeParam(t types.Type) bool {
	switch t := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Pointer:
		return mentionsTypeParam(t.Elem())
	case *types.Slice:
		return mentionsTypeParam(t.Elem())
	case *types.Array:
		return mentionsTypeParam(t.Elem())
	case *types.Chan:
		return mentionsTypeParam(t.Elem())
	case *types.Map:
		return mentionsTypeParam(t.Key()) || mentionsTypeParam(t.Elem())
	case *types.Named:
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if mentionsTypeParam(t.TypeArgs().At(i)) {
				return true
			}
		}
	case *types.Alias:
		return mentionsTypeParam(types.Unalias(t))
	case *types.Interface:
		return !t.Empty()
	case *types.Signature, *types.Struct:
		return true // not worth a walk: left alone
	}
	return false
}
