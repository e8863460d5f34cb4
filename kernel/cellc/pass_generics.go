package cellc

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passGenerics makes every instantiation of a generic function explicit,
// with the type arguments go/types inferred, because the interpreter's own
// inference fails for many calls (variadic ...T, <-chan T parameters,
// function arguments):
//
//	Map(xs, strconv.Itoa)  =>  Map[int, string](xs, strconv.Itoa)
//
// A generic function of the session with a single type parameter gets a
// second one, which every instantiation sets to any: inside a generic
// function, yaegi's explicit instantiation with one type argument (one[T])
// crashes it, while one with two works.
//
//	func one[T any](x T) []T  =>  func one[T any, gonote_ any](x T) []T
//	one[T](x)                 =>  one[T, any](x)
func passGenerics(c *compilation) error {
	info := c.s.info
	if c.fileA != nil {
		for _, d := range c.fileA.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && c.paddedGeneric(info.Defs[fd.Name]) {
				// (At the end of the list, so that the printer keeps
				// it on the list's line.)
				end := fd.Type.TypeParams.List[len(fd.Type.TypeParams.List)-1].End()
				fd.Type.TypeParams.List = append(fd.Type.TypeParams.List, &ast.Field{
					Names: []*ast.Ident{{NamePos: end, Name: "gonote_"}}, Type: &ast.Ident{NamePos: end, Name: "any"},
				})
			}
		}
	}
	instance := func(id *ast.Ident) (types.Instance, bool) {
		inst, ok := info.Instances[id]
		if !ok {
			return inst, false
		}
		if _, isFunc := info.Uses[id].(*types.Func); !isFunc {
			return inst, false
		}
		return inst, true
	}
	explicit := func(x ast.Expr, id *ast.Ident, inst types.Instance) ast.Expr {
		var args []ast.Expr
		for i := 0; i < inst.TypeArgs.Len(); i++ {
			args = append(args, c.typeExpr(inst.TypeArgs.At(i)))
		}
		if c.paddedGeneric(info.Uses[id]) {
			args = append(args, ast.NewIdent("any"))
		}
		return &ast.IndexListExpr{X: x, Indices: args}
	}
	c.apply(func(cur *astutil.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
			var x ast.Expr
			if ie, ok := n.(*ast.IndexExpr); ok {
				x = ie.X
			} else {
				x = n.(*ast.IndexListExpr).X
			}
			var id *ast.Ident
			switch x := x.(type) {
			case *ast.Ident:
				id = x
			case *ast.SelectorExpr:
				id = x.Sel
			}
			if id == nil {
				return true
			}
			if inst, ok := instance(id); ok {
				cur.Replace(explicit(x, id, inst))
				return false
			}
		case *ast.SelectorExpr:
			if inst, ok := instance(n.Sel); ok {
				cur.Replace(explicit(n, n.Sel, inst))
				return false
			}
		case *ast.Ident:
			if inst, ok := instance(n); ok {
				if _, isSel := cur.Parent().(*ast.SelectorExpr); isSel && cur.Name() == "Sel" {
					return true
				}
				cur.Replace(explicit(n, n, inst))
				return false
			}
		}
		return true
	}, nil)
	c.apply(nil, func(cur *astutil.Cursor) bool {
		if call, ok := cur.Node().(*ast.CallExpr); ok {
			if e := c.typeParamConversion(call); e != nil {
				cur.Replace(e)
			}
		}
		return true
	})
	return nil
}

// typeParamConversion returns what replaces the conversion call to a type
// parameter, T(x), or nil if call is none: yaegi crashes compiling T(x)
// when T stands for a named type (main.ID). A constant initialises a
// variable of type T in a function literal; another value converts in a
// generic helper, by reflect. A cell declaring such a type after a generic
// function converting to T was compiled still crashes when it uses one as
// T.
//
//	T(0)  =>  func() T { var r T = 0; return r }()
//	T(n)  =>  gonote_convert[T, int](n)
func (c *compilation) typeParamConversion(call *ast.CallExpr) ast.Expr {
	tv, ok := c.s.info.Types[call.Fun]
	if !ok || !tv.IsType() || len(call.Args) != 1 {
		return nil
	}
	tp, ok := tv.Type.(*types.TypeParam)
	if !ok {
		return nil
	}
	constraint, isIface := tp.Constraint().Underlying().(*types.Interface)
	if !isIface {
		return nil
	}
	// Only where one of the session's named types may be T: yaegi's own
	// conversion is fast, and the helper's is not (100000 conversions
	// took 8 ms as T(x), 360 ms through the helper).
	named := false
	for _, n := range c.sessionTypes() {
		if types.Satisfies(n, constraint) {
			named = true
			break
		}
	}
	if !named {
		return nil
	}
	x := call.Args[0]
	if c.isConst(x) {
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: call.Fun}}}},
			Body: &ast.BlockStmt{List: []ast.Stmt{
				&ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{
					Names: []*ast.Ident{ast.NewIdent("r")}, Type: ast.NewIdent(tp.Obj().Name()), Values: []ast.Expr{x},
				}}}},
				&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("r")}},
			}},
		}
		return &ast.CallExpr{Fun: lit}
	}
	xt := c.typeOf(x)
	if xt == nil {
		return nil
	}
	REFLECT := c.importName("reflect", "reflect")
	name := c.sourceHelper("convert", fmt.Sprintf(`package p
func gonote_convert[T, U any](x U) T {
	var r T
	%[1]s.ValueOf(&r).Elem().Set(%[1]s.ValueOf(x).Convert(%[1]s.TypeOf(&r).Elem()))
	return r
}`, REFLECT))
	return &ast.CallExpr{
		Fun:  &ast.IndexListExpr{X: ast.NewIdent(name), Indices: []ast.Expr{call.Fun, c.typeExpr(xt)}},
		Args: []ast.Expr{x},
	}
}

// paddedGeneric reports whether obj is a generic function of the session
// with a single type parameter, which passGenerics gives a second.
func (c *compilation) paddedGeneric(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() != c.s.pkg {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Recv() == nil && sig.TypeParams().Len() == 1
}
