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
			args = append(args, c.typeArgExpr(inst.TypeArgs.At(i)))
		}
		if c.paddedGeneric(info.Uses[id]) {
			args = append(args, ast.NewIdent("any"))
		}
		return &ast.IndexListExpr{X: x, Indices: args}
	}
	// Every instance of a generic type of the session is written as its
	// alias (see typeArgExpr), wherever it appears: yaegi crashes on one
	// with another as type argument, and where an alias and the instance
	// written out meet, it makes two types of them (a generic function
	// given a channel of one received nothing from a channel of the
	// other).
	c.apply(func(cur *astutil.Cursor) bool {
		e, ok := cur.Node().(ast.Expr)
		if !ok {
			return true
		}
		if tv, ok := info.Types[e]; ok && tv.IsType() {
			if n, ok := tv.Type.(*types.Named); ok && c.aliasedInstance(n) {
				cur.Replace(&ast.Ident{NamePos: e.Pos(), Name: c.instTypeString(n)})
				return false
			}
		}
		return true
	}, nil)
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

// typeArgExpr returns the expression of t as a type argument. yaegi
// cannot take an instance of one of the session's generic types as a
// type argument: Apply[int, Box[int]] fails with "type not found:
// Box[int]", and inferring it, as for Map(xs, func(s string) Pair[string,
// int] {...}), crashes yaegi. An alias of the instance works, so each such
// instance is named by an alias the compiler declares once per session,
// innermost first:
//
//	Map[string, Pair[string, int]]  =>  Map[string, gonote_inst_1a2b3c4d]
//	type gonote_inst_1a2b3c4d = Pair[string, int]
//
// go/types has checked the cell with the types as written, so messages and
// %T keep them.
func (c *compilation) typeArgExpr(t types.Type) ast.Expr {
	if !c.hasSessionInstance(t) {
		return c.typeExpr(t)
	}
	src := c.instTypeString(t)
	e, err := parser.ParseExpr(src)
	if err != nil {
		panic("cellc: bad type expression " + src + ": " + err.Error())
	}
	return e
}

// hasSessionInstance reports whether t is or holds an instance of a
// generic type of the session, with no type parameter in it (an alias at
// package level could not name one).
func (c *compilation) hasSessionInstance(t types.Type) bool {
	found, param := false, false
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if depth > 16 {
			return
		}
		switch t := t.(type) {
		case *types.Alias:
			walk(types.Unalias(t), depth+1)
		case *types.TypeParam:
			param = true
		case *types.Named:
			if t.TypeArgs().Len() > 0 {
				if t.Obj().Pkg() == c.s.pkg {
					found = true
				}
				for i := 0; i < t.TypeArgs().Len(); i++ {
					walk(t.TypeArgs().At(i), depth+1)
				}
			}
		case *types.Pointer:
			walk(t.Elem(), depth+1)
		case *types.Slice:
			walk(t.Elem(), depth+1)
		case *types.Array:
			walk(t.Elem(), depth+1)
		case *types.Chan:
			walk(t.Elem(), depth+1)
		case *types.Map:
			walk(t.Key(), depth+1)
			walk(t.Elem(), depth+1)
		case *types.Signature, *types.Struct, *types.Interface, *types.Tuple:
			// Written out as they are (see instTypeString): an instance
			// in them is not aliased.
			param = param || c.hasTypeParam(t)
		}
	}
	walk(t, 0)
	return found && !param
}

// aliasedInstance reports whether t is an instance of a generic type of
// the session with no type parameter in it, which the compiler writes as
// an alias.
func (c *compilation) aliasedInstance(t *types.Named) bool {
	return t.TypeArgs().Len() > 0 && t.Obj().Pkg() == c.s.pkg && !c.hasTypeParam(t)
}

// hasTypeParam reports whether the type t's string names a type parameter.
func (c *compilation) hasTypeParam(t types.Type) bool {
	has := false
	var visit func(t types.Type, depth int)
	visit = func(t types.Type, depth int) {
		if has || depth > 16 {
			return
		}
		switch t := t.(type) {
		case *types.TypeParam:
			has = true
		case *types.Signature:
			for i := 0; i < t.Params().Len(); i++ {
				visit(t.Params().At(i).Type(), depth+1)
			}
			for i := 0; i < t.Results().Len(); i++ {
				visit(t.Results().At(i).Type(), depth+1)
			}
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				visit(t.Field(i).Type(), depth+1)
			}
		case *types.Named:
			for i := 0; i < t.TypeArgs().Len(); i++ {
				visit(t.TypeArgs().At(i), depth+1)
			}
		case *types.Alias:
			visit(types.Unalias(t), depth+1)
		case *types.Map:
			visit(t.Key(), depth+1)
			visit(t.Elem(), depth+1)
		case interface{ Elem() types.Type }: // pointer, slice, array, chan
			visit(t.Elem(), depth+1)
		}
	}
	visit(t, 0)
	return has
}

// instTypeString writes t as typeString does, with each instance of a
// generic type of the session replaced by its alias (see typeArgExpr).
func (c *compilation) instTypeString(t types.Type) string {
	switch t := t.(type) {
	case *types.Alias:
		return c.instTypeString(types.Unalias(t))
	case *types.Named:
		if t.TypeArgs().Len() == 0 {
			return c.typeString(t)
		}
		var b strings.Builder
		c.writeObjName(&b, t.Obj())
		b.WriteString("[")
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.instTypeString(t.TypeArgs().At(i)))
		}
		b.WriteString("]")
		if t.Obj().Pkg() != c.s.pkg {
			return b.String()
		}
		return c.instAlias(b.String())
	case *types.Pointer:
		return "*" + c.instTypeString(t.Elem())
	case *types.Slice:
		return "[]" + c.instTypeString(t.Elem())
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), c.instTypeString(t.Elem()))
	case *types.Map:
		return "map[" + c.instTypeString(t.Key()) + "]" + c.instTypeString(t.Elem())
	case *types.Chan:
		elem := c.instTypeString(t.Elem())
		switch t.Dir() {
		case types.SendOnly:
			return "chan<- " + elem
		case types.RecvOnly:
			return "<-chan " + elem
		}
		if ch, ok := t.Elem().(*types.Chan); ok && ch.Dir() == types.RecvOnly {
			return "chan (" + elem + ")"
		}
		return "chan " + elem
	}
	return c.typeString(t)
}

// instAlias returns the name of the session's alias of the instance
// written src, declaring it unless the session has it.
func (c *compilation) instAlias(src string) string {
	key := "inst:" + src
	h := fnv.New32a()
	h.Write([]byte(key))
	name := fmt.Sprintf("gonote_inst_%08x", h.Sum32())
	if _, ok := c.s.helpers[key]; ok {
		return name
	}
	if _, ok := c.helpers[key]; ok {
		return name
	}
	f, err := parser.ParseFile(c.s.fset, "", "package p\ntype "+name+" = "+src+"\n", 0)
	if err != nil {
		panic("cellc: alias does not parse: " + err.Error())
	}
	c.helpers[key] = name
	c.helperDecls = append(c.helperDecls, f.Decls...)
	return name
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
