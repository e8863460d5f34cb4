package cellc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// passMethodVal turns method values and method expressions that are not
// called at once into function literals. The interpreter fails to call a
// method expression ("reflect: Call with too many input arguments"), and
// a method value sees its receiver as it is when called, not as it was
// when the value was made:
//
//	f := g.Greet     =>  f := func(r Greeter) func(string) string {
//	                         return func(p0 string) string { return r.Greet(p0) } }(g)
//	h := T.M         =>  h := func(r T, p0 int) bool { return r.M(p0) }
//	(*T).M(p, 1)     =>  (p).M(1)
//
// A pointer method of an addressable value gets the value's address, as
// Go takes it.
func passMethodVal(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		sel, ok := cur.Node().(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if call, ok := cur.Parent().(*ast.CallExpr); ok && cur.Name() == "Fun" && ast.Unparen(call.Fun) == sel {
			// A method expression called at once is a method call on
			// its first argument: yaegi failed to call (*T).M for a
			// method M of T.
			if s := c.s.info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr && len(call.Args) > 0 {
				call.Fun = &ast.SelectorExpr{X: &ast.ParenExpr{Lparen: call.Args[0].Pos(), X: call.Args[0], Rparen: call.Args[0].End()}, Sel: sel.Sel}
				call.Args = call.Args[1:]
			}
			return true
		}
		s := c.s.info.Selections[sel]
		if s == nil || (s.Kind() != types.MethodVal && s.Kind() != types.MethodExpr) {
			return true
		}
		sig, ok := c.typeOf(sel).(*types.Signature)
		if !ok {
			return true
		}
		if e := c.methodLit(sel, s, sig); e != nil {
			cur.Replace(e)
		}
		return true
	})
	return nil
}

// methodLit returns the function literal standing for the method value or
// expression sel, whose type is sig, or nil.
func (c *compilation) methodLit(sel *ast.SelectorExpr, s *types.Selection, sig *types.Signature) ast.Expr {
	params := sig.Params()
	first := 0
	recvType := s.Recv()
	if s.Kind() == types.MethodExpr {
		first = 1 // the receiver is the first parameter
	}
	var decl, args []string
	for i := first; i < params.Len(); i++ {
		p := fmt.Sprintf("gonote_p%d", i)
		t := params.At(i).Type()
		if sig.Variadic() && i == params.Len()-1 {
			decl = append(decl, p+" ..."+c.typeString(t.(*types.Slice).Elem()))
			args = append(args, p+"...")
			continue
		}
		decl = append(decl, p+" "+c.typeString(t))
		args = append(args, p)
	}
	var results string
	if sig.Results().Len() > 0 {
		var rs []string
		for i := 0; i < sig.Results().Len(); i++ {
			rs = append(rs, c.typeString(sig.Results().At(i).Type()))
		}
		results = "(" + strings.Join(rs, ", ") + ")"
	}
	call := "gonote_r." + sel.Sel.Name + "(" + strings.Join(args, ", ") + ")"
	if results != "" {
		call = "return " + call
	}
	var src string
	var recv ast.Expr
	if s.Kind() == types.MethodExpr {
		src = fmt.Sprintf("func(gonote_r %s%s) %s { %s }", c.typeString(recvType), prefixComma(decl), results, call)
	} else {
		recv = sel.X
		fn, _ := s.Obj().(*types.Func)
		if fn == nil {
			return nil
		}
		_, ptrRecv := fn.Type().(*types.Signature).Recv().Type().(*types.Pointer)
		_, isPtr := recvType.Underlying().(*types.Pointer)
		_, isIface := recvType.Underlying().(*types.Interface)
		if ptrRecv && !isPtr && !isIface && !s.Indirect() {
			recv = &ast.UnaryExpr{Op: token.AND, X: recv}
			recvType = types.NewPointer(recvType)
		}
		inner := fmt.Sprintf("func(%s) %s { %s }", strings.Join(decl, ", "), results, call)
		src = fmt.Sprintf("func(gonote_r %s) %s { return %s }", c.typeString(recvType), c.typeString(sig), inner)
	}
	lit, err := parser.ParseExpr(src)
	if err != nil {
		return nil
	}
	if recv == nil {
		return lit
	}
	return &ast.CallExpr{Fun: lit, Args: []ast.Expr{recv}}
}

func prefixComma(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return ", " + strings.Join(list, ", ")
}
