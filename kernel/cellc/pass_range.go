package cellc

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passRangeInt rewrites range over an integer (Go 1.22), which the
// interpreter rejects ("nil type"), into a counting loop whose body gets its
// own copy of the counter, as Go's per-iteration variable:
//
//	for i := range n { body }
//	=> for c, e := T(0), T(n); c < e; c++ { i := c; body }
func passRangeInt(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		loop, ok := cur.Node().(*ast.RangeStmt)
		if !ok {
			return true
		}
		t := c.typeOf(loop.X)
		if t == nil {
			return true
		}
		b, ok := t.Underlying().(*types.Basic)
		if !ok || b.Info()&types.IsInteger == 0 {
			return true
		}
		key := loop.Key
		if id, ok := key.(*ast.Ident); ok && id.Name == "_" {
			key = nil
		}
		if key != nil && loop.Tok == token.DEFINE {
			t = c.objOf(key.(*ast.Ident)).Type()
		}
		if bt, ok := t.(*types.Basic); ok && bt.Info()&types.IsUntyped != 0 {
			t = types.Default(t)
		}
		ctr, end := c.temp("i"), c.temp("n")
		conv := func(e ast.Expr) ast.Expr { return &ast.CallExpr{Fun: c.typeExpr(t), Args: []ast.Expr{e}} }
		body := loop.Body
		if key != nil {
			tok := token.ASSIGN
			if loop.Tok == token.DEFINE {
				tok = token.DEFINE
			}
			body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{key}, Tok: tok, Rhs: []ast.Expr{ast.NewIdent(ctr)}}}, body.List...)
		}
		out := &ast.ForStmt{
			For:  loop.For,
			Init: define([]string{ctr, end}, conv(&ast.BasicLit{Kind: token.INT, Value: "0"}), conv(loop.X)),
			Cond: &ast.BinaryExpr{X: ast.NewIdent(ctr), Op: token.LSS, Y: ast.NewIdent(end)},
			Post: &ast.IncDecStmt{X: ast.NewIdent(ctr), Tok: token.INC},
			Body: body,
		}
		c.synthetic[out] = true
		cur.Replace(out)
		return true
	})
	return nil
}

// passRangeChan rewrites ranging over the values of a slice, array or map
// of channels, which panics in the interpreter, into ranging over the keys
// and indexing:
//
//	for i, ch := range chans { body }
//	=> { s := chans; for i := range s { ch := s[i]; body } }
func passRangeChan(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		loop, ok := cur.Node().(*ast.RangeStmt)
		if !ok || loop.Value == nil {
			return true
		}
		if id, ok := loop.Value.(*ast.Ident); ok && id.Name == "_" {
			return true
		}
		t := c.typeOf(loop.X)
		if t == nil {
			return true
		}
		u := t.Underlying()
		if p, ok := u.(*types.Pointer); ok {
			u = p.Elem().Underlying()
		}
		var elem types.Type
		switch u := u.(type) {
		case *types.Slice:
			elem = u.Elem()
		case *types.Array:
			elem = u.Elem()
		case *types.Map:
			elem = u.Elem()
		default:
			return true
		}
		if _, ok := elem.Underlying().(*types.Chan); !ok {
			return true
		}
		var src ast.Expr = loop.X
		var pre ast.Stmt
		if _, ok := loop.X.(*ast.Ident); !ok {
			name := c.temp("s")
			pre = define([]string{name}, loop.X)
			src = ast.NewIdent(name)
		}
		key, keyTok := loop.Key, loop.Tok
		if key == nil || identName(key) == "_" {
			key, keyTok = ast.NewIdent(c.temp("k")), token.DEFINE
		}
		var index ast.Expr = key
		if id, ok := key.(*ast.Ident); ok && keyTok == token.DEFINE {
			index = ast.NewIdent(id.Name) // a use, not the definition
		}
		assign := &ast.AssignStmt{Lhs: []ast.Expr{loop.Value}, Tok: loop.Tok, Rhs: []ast.Expr{&ast.IndexExpr{X: src, Index: index}}}
		loop.Body.List = append([]ast.Stmt{assign}, loop.Body.List...)
		loop.Key, loop.Value, loop.Tok, loop.X = key, nil, keyTok, src
		if pre != nil {
			cur.Replace(&ast.BlockStmt{List: []ast.Stmt{pre, loop}})
		}
		return true
	})
	return nil
}

func identName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
