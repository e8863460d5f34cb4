package cellc

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passErrBox puts a value of the cell's own error type whose Error method
// has a value receiver into an error as a pointer to a copy of it. yaegi
// stores such a value in an error without the wrapper that carries its
// methods (fmt printed {id -7} for a ValidationError, and passing the error
// on panicked), while a pointer, whose method set has the same methods,
// gets the wrapper:
//
//	return ValidationError{"id", id}  =>  return gonote_errbox_1a2b3c4d(ValidationError{"id", id})
//
// where the helper returns &v. Assertions to the type (passAssert) and
// errors.As (passErrorsAs) find the value behind the pointer again.
//
// A nil pointer of the cell's error type becomes a nil error in yaegi,
// where Go has a non-nil error holding a nil pointer (err != nil is true):
// a pointer that may be nil goes into an error through a helper that
// stops the cell with a "not supported by the interpreter" panic when it
// is nil, rather than let it run on with other semantics.
func passErrBox(c *compilation) error {
	errT := types.Universe.Lookup("error").Type()
	box := func(e ast.Expr, target types.Type) ast.Expr {
		if target == nil || !types.Identical(target, errT) {
			return e
		}
		t := c.typeOf(e)
		if c.boxable(t) {
			return &ast.CallExpr{Fun: ast.NewIdent(c.errBoxHelper(t)), Args: []ast.Expr{e}}
		}
		if c.maybeNilErrPtr(e, t) {
			return &ast.CallExpr{Fun: ast.NewIdent(c.errPtrHelper(t)), Args: []ast.Expr{e}}
		}
		return e
	}
	c.conversions(box)
	return nil
}

// conversions calls convert for every expression that Go converts
// implicitly or explicitly to another type, with that type: right-hand
// sides of assignments and typed declarations, results, sent values,
// arguments (of conversions and append too) and elements of composite
// literals. It replaces the expression with what convert returns.
func (c *compilation) conversions(convert func(e ast.Expr, target types.Type) ast.Expr) {
	fs := &funcStack{c: c}
	c.apply(func(cur *astutil.Cursor) bool {
		fs.push(cur.Node())
		return true
	}, func(cur *astutil.Cursor) bool {
		defer fs.pop(cur.Node())
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i := range n.Rhs {
					n.Rhs[i] = convert(n.Rhs[i], c.typeOf(n.Lhs[i]))
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil {
				for i := range n.Values {
					n.Values[i] = convert(n.Values[i], c.typeOf(n.Type))
				}
			}
		case *ast.ReturnStmt:
			if sig := fs.top(); sig != nil && sig.Results().Len() == len(n.Results) {
				for i := range n.Results {
					n.Results[i] = convert(n.Results[i], sig.Results().At(i).Type())
				}
			}
		case *ast.SendStmt:
			if ch, ok := c.typeOf(n.Chan).Underlying().(*types.Chan); ok {
				n.Value = convert(n.Value, ch.Elem())
			}
		case *ast.CallExpr:
			c.boxCallArgs(n, convert)
		case *ast.CompositeLit:
			c.boxElems(n, convert)
		}
		return true
	})
}

// boxCallArgs boxes the arguments of a call (or conversion) that become
// errors.
func (c *compilation) boxCallArgs(call *ast.CallExpr, box func(ast.Expr, types.Type) ast.Expr) {
	if tv, ok := c.s.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			call.Args[0] = box(call.Args[0], tv.Type)
		}
		return
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := c.s.info.Uses[id].(*types.Builtin); ok {
			if b.Name() == "append" && len(call.Args) > 1 && !call.Ellipsis.IsValid() {
				if s, ok := c.typeOf(call.Args[0]).Underlying().(*types.Slice); ok {
					for i := 1; i < len(call.Args); i++ {
						call.Args[i] = box(call.Args[i], s.Elem())
					}
				}
			}
			return
		}
	}
	sig := c.signatureOf(call.Fun)
	if sig == nil {
		return
	}
	for i := range call.Args {
		call.Args[i] = box(call.Args[i], paramType(sig, i, call.Ellipsis.IsValid()))
	}
}

// boxElems boxes the elements of a composite literal that become errors.
func (c *compilation) boxElems(lit *ast.CompositeLit, box func(ast.Expr, types.Type) ast.Expr) {
	t := c.typeOf(lit)
	if t == nil {
		return
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	for i, el := range lit.Elts {
		kv, isKV := el.(*ast.KeyValueExpr)
		switch u := t.Underlying().(type) {
		case *types.Struct:
			if isKV {
				if id, ok := kv.Key.(*ast.Ident); ok {
					for j := 0; j < u.NumFields(); j++ {
						if u.Field(j).Name() == id.Name {
							kv.Value = box(kv.Value, u.Field(j).Type())
						}
					}
				}
			} else if i < u.NumFields() {
				lit.Elts[i] = box(el, u.Field(i).Type())
			}
		case *types.Slice, *types.Array, *types.Map:
			var elem types.Type
			switch u := u.(type) {
			case *types.Slice:
				elem = u.Elem()
			case *types.Array:
				elem = u.Elem()
			case *types.Map:
				elem = u.Elem()
				if isKV {
					kv.Key = box(kv.Key, u.Key())
				}
			}
			if isKV {
				kv.Value = box(kv.Value, elem)
			} else {
				lit.Elts[i] = box(el, elem)
			}
		}
	}
}

// boxable reports whether t is a named type of the session, not a pointer
// or interface, that implements error.
func (c *compilation) boxable(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() != c.s.pkg || n.TypeParams().Len() > 0 || c.localType(n.Obj()) {
		return false
	}
	switch n.Underlying().(type) {
	case *types.Interface, *types.Pointer:
		return false
	}
	return types.Implements(n, types.Universe.Lookup("error").Type().Underlying().(*types.Interface))
}

// errBoxHelper returns the helper putting a value of type t into an error
// as a pointer to a copy.
func (c *compilation) errBoxHelper(t types.Type) string {
	name, key, done := c.typeHelper("errbox", t)
	if !done {
		c.declareHelper(key, fmt.Sprintf("package p\nfunc %s(v %s) error {\n\treturn &v\n}\n", name, c.typeString(t)))
	}
	return name
}

// maybeNilErrPtr reports whether e, of type t, is a pointer to a type of
// the session that may be nil: not &T{...} or new(T).
func (c *compilation) maybeNilErrPtr(e ast.Expr, t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok || !c.sessionDeclared(p) || mentionsTypeParam(t) || !c.packageLevel(t, map[types.Type]bool{}) {
		return false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return x.Op != token.AND
	case *ast.CallExpr:
		return c.builtinName(x.Fun) != "new"
	}
	return true
}

// errPtrHelper returns the helper that puts a pointer of type t into an
// error, stopping the cell if it is nil.
func (c *compilation) errPtrHelper(t types.Type) string {
	name, key, done := c.typeHelper("errptr", t)
	if !done {
		c.declareHelper(key, fmt.Sprintf(`package p
func %s(p %s) error {
	if p == nil {
		panic("not supported by the interpreter: a nil %s stored in an error (Go makes a non-nil error holding a nil pointer; here it would be a nil error)")
	}
	return p
}
`, name, c.typeString(t), c.reflectTypeName(t)))
	}
	return name
}
