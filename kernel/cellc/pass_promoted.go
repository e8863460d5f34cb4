package cellc

import (
	"go/ast"
	"go/types"
	"strconv"
)

// passPromoted spells out the methods a cell's struct type gets from an
// interface it embeds. The interpreter calls them directly, but a value of
// such a type converted to an interface panicked ("invalid interface
// value"): passing a Service that embeds a Logger to a func(Logger) ended
// the cell. Each such method becomes one of the type, as Go promotes it:
//
//	type Service struct { Logger; name string }
//	  =>  func (s Service) Log(a0 string) { s.Logger.Log(a0) }
//
// A value receiver gives the method to Service and *Service alike, as
// promotion does; methods the type declares itself are left alone.
func passPromoted(c *compilation) error {
	for _, ts := range c.typeSpecs() {
		if ts.TypeParams != nil || ts.Assign.IsValid() {
			continue
		}
		tn, _ := c.s.info.Defs[ts.Name].(*types.TypeName)
		if tn == nil {
			continue
		}
		named, _ := tn.Type().(*types.Named)
		if named == nil {
			continue
		}
		if _, ok := named.Underlying().(*types.Struct); !ok {
			continue
		}
		ms := types.NewMethodSet(named)
		for i := range ms.Len() {
			if fd := c.promotedMethod(named, ms.At(i)); fd != nil {
				c.helperDecls = append(c.helperDecls, fd)
			}
		}
	}
	return nil
}

// promotedMethod returns the declaration of the method sel selects, when
// it is promoted from an embedded interface; else nil.
func (c *compilation) promotedMethod(named *types.Named, sel *types.Selection) *ast.FuncDecl {
	path := sel.Index()
	fn, _ := sel.Obj().(*types.Func)
	if !promotedFromIface(sel) || (!fn.Exported() && fn.Pkg() != c.s.pkg) {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	// The embedded fields that lead to the interface.
	recv := ast.NewIdent(c.temp("s"))
	var x ast.Expr = recv
	t := named.Underlying()
	for _, i := range path[:len(path)-1] {
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem().Underlying()
		}
		st, ok := t.(*types.Struct)
		if !ok {
			return nil
		}
		f := st.Field(i)
		x = &ast.SelectorExpr{X: x, Sel: ast.NewIdent(f.Name())}
		t = f.Type().Underlying()
	}
	params := &ast.FieldList{}
	var args []ast.Expr
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		name := "a" + strconv.Itoa(i)
		typ := c.typeExpr(p.Type())
		if sig.Variadic() && i == sig.Params().Len()-1 {
			typ = &ast.Ellipsis{Elt: c.typeExpr(p.Type().(*types.Slice).Elem())}
		}
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{ast.NewIdent(name)}, Type: typ})
		args = append(args, ast.NewIdent(name))
	}
	var results *ast.FieldList
	if sig.Results().Len() > 0 {
		results = &ast.FieldList{}
		for i := range sig.Results().Len() {
			results.List = append(results.List, &ast.Field{Type: c.typeExpr(sig.Results().At(i).Type())})
		}
	}
	call := &ast.CallExpr{Fun: &ast.SelectorExpr{X: x, Sel: ast.NewIdent(fn.Name())}, Args: args}
	if sig.Variadic() {
		call.Ellipsis = 1
	}
	var body ast.Stmt = &ast.ExprStmt{X: call}
	if results != nil {
		body = &ast.ReturnStmt{Results: []ast.Expr{call}}
	}
	return &ast.FuncDecl{
		Recv: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{recv}, Type: ast.NewIdent(named.Obj().Name())}}},
		Name: ast.NewIdent(fn.Name()),
		Type: &ast.FuncType{Params: params, Results: results},
		Body: &ast.BlockStmt{List: []ast.Stmt{body}},
	}
}

// promotedFromIface reports whether sel is a method promoted from an
// embedded interface.
func promotedFromIface(sel *types.Selection) bool {
	fn, _ := sel.Obj().(*types.Func)
	if len(sel.Index()) < 2 || fn == nil {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	return recv != nil && types.IsInterface(recv.Type())
}
