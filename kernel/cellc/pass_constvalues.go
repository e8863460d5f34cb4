package cellc

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
)

// passConstValues writes each typed constant of integer, string or bool
// kind with its value as go/types computed it, a literal, and its type
// spelled out:
//
//	const (                      const (
//		Low Prio = iota + 1   =>     Low Prio = 1
//		Mid                          Mid Prio = 2
//	)                            )
//
// yaegi keeps the value of a constant expression folded to a go/constant
// value, so a comparison of a Prio with High was false and a map read
// with it panicked ("value of type constant.Value is not assignable");
// a literal it keeps as a value of the type. Untyped constants and those
// of other kinds are left as they are.
func passConstValues(c *compilation) error {
	for _, f := range c.files() {
		ast.Inspect(f, func(n ast.Node) bool {
			gd, ok := n.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				return true
			}
			for _, spec := range gd.Specs {
				c.constLiterals(spec.(*ast.ValueSpec))
			}
			return true
		})
	}
	return nil
}

// constLiterals rewrites one constant spec (see passConstValues), if all
// its constants are typed and of a kind it writes.
func (c *compilation) constLiterals(vs *ast.ValueSpec) {
	var typ types.Type
	var values []ast.Expr
	for _, name := range vs.Names {
		obj, ok := c.s.info.Defs[name].(*types.Const)
		if !ok {
			return
		}
		b, ok := obj.Type().Underlying().(*types.Basic)
		if !ok || b.Info()&types.IsUntyped != 0 || (typ != nil && !types.Identical(typ, obj.Type())) {
			return
		}
		typ = obj.Type()
		var lit *ast.BasicLit
		switch v := obj.Val(); v.Kind() {
		case constant.Int:
			lit = &ast.BasicLit{Kind: token.INT, Value: v.ExactString()}
		case constant.String:
			lit = &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(constant.StringVal(v))}
		case constant.Bool:
			values = append(values, ast.NewIdent(strconv.FormatBool(constant.BoolVal(v))))
			continue
		default:
			return
		}
		values = append(values, lit)
	}
	if typ == nil {
		return
	}
	vs.Type = c.typeExpr(typ)
	vs.Values = values
}
