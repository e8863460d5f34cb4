package cellc

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passShifts gives the constant left operand of a shift by a variable the
// type Go gives it, written out. In p&(1<<i) with p a uint8, the 1 is a
// uint8 (a constant shifted by a variable takes the type its context
// gives it), while yaegi makes it an int, and panicked with "call of
// reflect.Value.Uint on int Value":
//
//	p&(1<<i)  =>  p&(uint8(1)<<i)
//
// Shifts whose type is int, yaegi's own choice, are left as they are.
func passShifts(c *compilation) error {
	info := c.s.info
	c.apply(nil, func(cur *astutil.Cursor) bool {
		b, ok := cur.Node().(*ast.BinaryExpr)
		if !ok || b.Op != token.SHL && b.Op != token.SHR {
			return true
		}
		if tv, ok := info.Types[b]; !ok || tv.Value != nil {
			return true // a constant shift: go/types computed it
		}
		if tv, ok := info.Types[b.X]; !ok || tv.Value == nil {
			return true
		}
		t := info.Types[b].Type
		basic, ok := t.Underlying().(*types.Basic)
		if !ok || basic.Info()&types.IsInteger == 0 || basic.Info()&types.IsUntyped != 0 {
			return true
		}
		if types.Identical(t, types.Typ[types.Int]) || !c.packageLevel(t, map[types.Type]bool{}) {
			return true
		}
		b.X = &ast.CallExpr{Fun: c.typeExpr(t), Lparen: b.X.Pos(), Args: []ast.Expr{b.X}, Rparen: b.X.End()}
		return true
	})
	return nil
}
