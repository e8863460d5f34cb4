package cellc

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// passBuiltins replaces the builtins min, max (Go 1.21) and clear, which the
// interpreter lacks. A constant min or max becomes its value; otherwise the
// call goes to a helper written for the operands' basic type (floats
// follow Go: a NaN wins, and min(-0, +0) is -0):
//
//	min(a, b)  =>  T(gonote_min_int(int(a), int(b)))
//	clear(m)   =>  for k := range m { delete(m, k) }
//	clear(s)   =>  { var z E; for i := range s { s[i] = z } }
func passBuiltins(c *compilation) error {
	var err error
	c.apply(nil, func(cur *astutil.Cursor) bool {
		if err != nil {
			return false
		}
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			name := c.builtinName(n.Fun)
			if name != "min" && name != "max" {
				return true
			}
			var e ast.Expr
			e, err = c.minMax(name, n)
			if err == nil {
				cur.Replace(e)
			}
		case *ast.ExprStmt:
			call, ok := n.X.(*ast.CallExpr)
			if !ok || c.builtinName(call.Fun) != "clear" {
				return true
			}
			var st ast.Stmt
			st, err = c.clear(call)
			if err == nil {
				cur.Replace(st)
			}
		}
		return true
	})
	return err
}

// builtinName returns the builtin fun denotes, or "".
func (c *compilation) builtinName(fun ast.Expr) string {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return ""
	}
	if b, ok := c.s.info.Uses[id].(*types.Builtin); ok {
		return b.Name()
	}
	return ""
}

func (c *compilation) minMax(name string, call *ast.CallExpr) (ast.Expr, error) {
	tv := c.s.info.Types[call]
	if tv.Value != nil {
		return c.constExpr(tv)
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	if !ok {
		return c.minMaxLit(name, call, tv.Type)
	}
	helper := c.minMaxHelper(name, b)
	basic := ast.NewIdent(b.Name())
	named := !types.Identical(tv.Type, b)
	out := &ast.CallExpr{Fun: ast.NewIdent(helper)}
	for _, a := range call.Args {
		if named && !c.isConst(a) {
			a = &ast.CallExpr{Fun: basic, Args: []ast.Expr{a}}
		}
		out.Args = append(out.Args, a)
	}
	if named {
		return &ast.CallExpr{Fun: c.typeExpr(tv.Type), Args: []ast.Expr{out}}, nil
	}
	return out, nil
}

// minMaxLit returns min or max of type parameter values as the call of a
// function literal over the type parameter, with Go's NaN rule:
//
//	min(a, b)  =>  func(a T, rest ...T) T { ... }(a, b)
func (c *compilation) minMaxLit(name string, call *ast.CallExpr, t types.Type) (ast.Expr, error) {
	op := "<"
	if name == "max" {
		op = ">"
	}
	typ := c.typeString(t)
	lit, err := parser.ParseExpr(fmt.Sprintf(`func(gonote_a %[1]s, gonote_rest ...%[1]s) %[1]s {
	m := gonote_a
	if m != m {
		return m
	}
	for _, x := range gonote_rest {
		if x != x {
			return x
		}
		if x %[2]s m {
			m = x
		}
	}
	return m
}`, typ, op))
	if err != nil {
		return nil, fmt.Errorf("%s literal: %w", name, err)
	}
	return &ast.CallExpr{Fun: lit, Args: call.Args}, nil
}

// constExpr writes a constant value as an expression of its type.
func (c *compilation) constExpr(tv types.TypeAndValue) (ast.Expr, error) {
	v := tv.Value
	var lit string
	switch v.Kind() {
	case constant.String:
		lit = strconv.Quote(constant.StringVal(v))
	case constant.Int:
		lit = v.ExactString()
	case constant.Float:
		f, _ := constant.Float64Val(v)
		lit = strconv.FormatFloat(f, 'g', -1, 64)
		if _, err := strconv.Atoi(lit); err == nil {
			lit += ".0"
		}
	default:
		lit = v.ExactString()
	}
	e, err := parser.ParseExpr(lit)
	if err != nil {
		return nil, fmt.Errorf("constant %s: %w", lit, err)
	}
	if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		if b.Kind() == types.UntypedRune {
			return &ast.CallExpr{Fun: ast.NewIdent("rune"), Args: []ast.Expr{e}}, nil
		}
		return e, nil
	}
	return &ast.CallExpr{Fun: c.typeExpr(tv.Type), Args: []ast.Expr{e}}, nil
}

// minMaxHelper returns the name of the session's helper for min or max
// over a basic type, writing it into this unit the first time.
func (c *compilation) minMaxHelper(name string, b *types.Basic) string {
	key := name + "_" + b.Name()
	if n, ok := c.s.helpers[key]; ok {
		return n
	}
	if n, ok := c.helpers[key]; ok {
		return n
	}
	fn := "gonote_" + key
	op := "<"
	if name == "max" {
		op = ">"
	}
	var src string
	if b.Info()&types.IsFloat != 0 {
		// -0 is less than +0 for min and max; 1/x tells them apart.
		zero := "1/y < 0"
		if name == "max" {
			zero = "1/x < 0"
		}
		src = fmt.Sprintf(`package p
func %[1]s(x %[2]s, ys ...%[2]s) %[2]s {
	if x != x {
		return x
	}
	for _, y := range ys {
		if y != y {
			return y
		}
		if y %[3]s x || y == 0 && x == 0 && %[4]s {
			x = y
		}
	}
	return x
}`, fn, b.Name(), op, zero)
	} else {
		src = fmt.Sprintf(`package p
func %[1]s(x %[2]s, ys ...%[2]s) %[2]s {
	for _, y := range ys {
		if y %[3]s x {
			x = y
		}
	}
	return x
}`, fn, b.Name(), op)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err != nil {
		panic("cellc: helper does not parse: " + err.Error())
	}
	c.helpers[key] = fn
	c.helperDecls = append(c.helperDecls, f.Decls...)
	return fn
}

func (c *compilation) clear(call *ast.CallExpr) (ast.Stmt, error) {
	arg := call.Args[0]
	t := c.typeOf(arg)
	var pre []ast.Stmt
	x := arg
	if _, ok := arg.(*ast.Ident); !ok {
		name := c.temp("c")
		pre = append(pre, define([]string{name}, arg))
		x = ast.NewIdent(name)
	}
	k := c.temp("k")
	var loop ast.Stmt
	switch u := t.Underlying().(type) {
	case *types.Map:
		loop = &ast.RangeStmt{Key: ast.NewIdent(k), Tok: token.DEFINE, X: x, Body: &ast.BlockStmt{List: []ast.Stmt{
			&ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent("delete"), Args: []ast.Expr{x, ast.NewIdent(k)}}},
		}}}
	case *types.Slice:
		z := c.temp("z")
		pre = append(pre, varSpec(z, c.typeExpr(u.Elem()), nil))
		loop = &ast.RangeStmt{Key: ast.NewIdent(k), Tok: token.DEFINE, X: x, Body: &ast.BlockStmt{List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{&ast.IndexExpr{X: x, Index: ast.NewIdent(k)}}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(z)}},
		}}}
	default:
		return nil, c.unsupported(call.Pos(), "clear of a type parameter value")
	}
	if len(pre) == 0 {
		return loop, nil
	}
	return &ast.BlockStmt{List: append(pre, loop)}, nil
}
