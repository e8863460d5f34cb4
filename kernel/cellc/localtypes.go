package cellc

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// hoistLocalTypes moves the types declared inside functions to package
// level, under names of their own (kv becomes gonote_kv), so that the
// passes can write helpers for them: yaegi prints a local struct type's
// unexported fields with an X in front for %+v ({Xk:a Xv:1}) and its type
// as a struct literal for %#v, which fmtview's helpers, package-level
// functions, fix. %T and the passes' messages keep the name the cell
// gave, main.kv.
//
// A type is left where it is when its declaration mentions something
// else local to the function (a constant, a type left in place) or is in
// a generic function, where it may depend on the type parameters. It runs
// after assignNames, so rename gives its uses the new name.
func (c *compilation) hoistLocalTypes() {
	// An embedded type names its field: it stays, and so does what
	// embeds it.
	c.embeddedTypes = map[*types.TypeName]bool{}
	for _, file := range c.files() {
		ast.Inspect(file, func(n ast.Node) bool {
			if f, ok := n.(*ast.Field); ok && len(f.Names) == 0 {
				e := f.Type
				if st, ok := e.(*ast.StarExpr); ok {
					e = st.X
				}
				if id, ok := e.(*ast.Ident); ok {
					if tn, ok := c.s.info.Uses[id].(*types.TypeName); ok {
						c.embeddedTypes[tn] = true
					}
				}
			}
			return true
		})
	}
	for _, file := range c.files() {
		ast.Inspect(file, func(n ast.Node) bool {
			if fd, ok := n.(*ast.FuncDecl); ok && (fd.Type.TypeParams != nil || fd.Recv != nil && len(fd.Recv.List) == 1 && genericRecv(fd.Recv.List[0].Type)) {
				return false
			}
			editStmtList(n, c.hoistTypeDecls)
			return true
		})
	}
}

// genericRecv reports whether a receiver type expression has type
// arguments (a method of a generic type).
func genericRecv(e ast.Expr) bool {
	if st, ok := ast.Unparen(e).(*ast.StarExpr); ok {
		e = st.X
	}
	switch ast.Unparen(e).(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

// hoistTypeDecls hoists the type specs of the statements list that can go
// to package level, and returns list without the declarations left empty.
func (c *compilation) hoistTypeDecls(list []ast.Stmt) []ast.Stmt {
	out := list[:0]
	for _, st := range list {
		if ds, ok := st.(*ast.DeclStmt); ok {
			if gd, ok := ds.Decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				gd.Specs = c.hoistTypeSpecs(gd.Specs)
				if len(gd.Specs) == 0 {
					continue
				}
			}
		}
		out = append(out, st)
	}
	return out
}

// hoistTypeSpecs moves the specs that can go to package level there, under
// their new names, and returns the others.
func (c *compilation) hoistTypeSpecs(specs []ast.Spec) []ast.Spec {
	var keep []ast.Spec
	for _, spec := range specs {
		ts := spec.(*ast.TypeSpec)
		tn, _ := c.s.info.Defs[ts.Name].(*types.TypeName)
		if tn == nil || ts.Assign.IsValid() || ts.TypeParams != nil || c.embeddedTypes[tn] || !c.hoistable(ts, tn) {
			keep = append(keep, spec)
			continue
		}
		name := "gonote_" + tn.Name()
		for v := 2; c.nameTaken(name); v++ {
			name = "gonote_" + tn.Name() + "__v" + strconv.Itoa(v)
		}
		c.pend.names[tn] = name
		c.pend.taken = append(c.pend.taken, name)
		c.hoistedTypes[tn] = true
		c.helperDecls = append(c.helperDecls, &ast.GenDecl{Tok: token.TYPE, Specs: []ast.Spec{ts}})
	}
	return keep
}

// hoistable reports whether the declaration ts of tn mentions nothing
// local to its function but types hoisted already (and tn itself).
func (c *compilation) hoistable(ts *ast.TypeSpec, tn *types.TypeName) bool {
	ok := true
	ast.Inspect(ts.Type, func(n ast.Node) bool {
		id, isID := n.(*ast.Ident)
		if !isID || !ok {
			return ok
		}
		obj := c.s.info.Uses[id]
		if obj == nil || obj == types.Object(tn) || obj.Pkg() == nil || obj.Parent() == obj.Pkg().Scope() {
			return true
		}
		if t, isTN := obj.(*types.TypeName); isTN && c.hoistedTypes[t] {
			return true
		}
		if _, isVar := obj.(*types.Var); isVar && obj.Parent() == nil {
			return true // a struct field
		}
		ok = false
		return false
	})
	return ok
}

// nameTaken reports whether an emitted name is in use in the session or
// this compilation.
func (c *compilation) nameTaken(name string) bool {
	if c.s.taken[name] {
		return true
	}
	for _, t := range c.pend.taken {
		if t == name {
			return true
		}
	}
	return false
}

// localType reports whether tn is a type declared inside a function that
// stays there (hoistLocalTypes).
func (c *compilation) localType(tn *types.TypeName) bool {
	return localType(tn) && !c.hoistedTypes[tn]
}
