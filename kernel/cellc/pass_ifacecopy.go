package cellc

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"hash/fnv"

	"golang.org/x/tools/go/ast/astutil"
)

// passIfaceCopy converts a value of the session's types with methods to an
// interface in a helper function:
//
//	var s fmt.Stringer = b  =>  var s fmt.Stringer = gonote_ifc_1a2b3c4d(b)
//	items = append(items, t)  =>  items = append(items, gonote_ifc_5e6f7a8b(t))
//
// yaegi keeps such a value in an interface as a reference to where it was:
// changing the variable afterwards changed what the interface held, and
// values appended from a range variable or a call in a loop all became
// the last one. In the helper the value is its parameter, which no one
// changes, in a frame of its own; there a constant of a basic kind also
// keeps its type, which yaegi's conversion of it drops (any(Level(3))
// held a plain int). Composite literals, new each time, convert as they
// are, and so does a local variable defined from a composite literal
// (which gives it new storage each time) that nothing changes afterwards.
//
// A constant handed straight to a function of another package converts as
// it is: yaegi then gives the compiled code a value with its methods
// (log.Print(name("x")) calls its String), which it does not for one
// that went through the helper.
func passIfaceCopy(c *compilation) error {
	fresh := c.freshLocals()
	native := c.compiledCallArgs()
	c.conversions(func(e ast.Expr, target types.Type) ast.Expr {
		if target == nil || !types.IsInterface(target) {
			return e
		}
		if _, ok := target.(*types.TypeParam); ok {
			return e
		}
		switch x := ast.Unparen(e).(type) {
		case *ast.CompositeLit:
			return e
		case *ast.Ident:
			if _, isNil := c.s.info.Uses[x].(*types.Nil); isNil {
				return e
			}
			if v, ok := c.s.info.Uses[x].(*types.Var); ok && fresh[v] {
				return e
			}
		}
		t := c.typeOf(e)
		if !c.referenced(t) || !c.packageLevel(target, map[types.Type]bool{}) {
			return e
		}
		if _, basic := t.Underlying().(*types.Basic); c.isConst(e) && (!basic || native[e]) {
			return e
		}
		call := &ast.CallExpr{Fun: ast.NewIdent(c.ifaceCopyHelper(t, target)), Args: []ast.Expr{e}}
		c.s.info.Types[call] = types.TypeAndValue{Type: target}
		return call
	})
	return nil
}

// compiledCallArgs returns the arguments of the cell's calls of functions
// and methods of other packages than the session's.
func (c *compilation) compiledCallArgs() map[ast.Expr]bool {
	args := map[ast.Expr]bool{}
	for _, f := range c.files() {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if fn, ok := c.s.info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg() != c.s.pkg {
				for _, a := range call.Args {
					args[a] = true
				}
			}
			return true
		})
	}
	return args
}

// referenced reports whether yaegi keeps a value of type t in an interface
// by reference: t is a package-level named type of the session, not a
// pointer or an interface, with methods.
func (c *compilation) referenced(t types.Type) bool {
	if t == nil || types.IsInterface(t) || mentionsTypeParam(t) {
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() != c.s.pkg || c.localType(n.Obj()) {
		return false
	}
	if _, ok := n.Underlying().(*types.Pointer); ok {
		return false
	}
	return c.hasMethods(n) && c.packageLevel(n, map[types.Type]bool{})
}

// ifaceCopyHelper returns the helper converting a value of type t to the
// interface type target.
func (c *compilation) ifaceCopyHelper(t, target types.Type) string {
	key := "ifc:" + c.typeString(t) + ">" + c.typeString(target)
	h := fnv.New32a()
	h.Write([]byte(key))
	name := fmt.Sprintf("gonote_ifc_%08x", h.Sum32())
	if _, ok := c.s.helpers[key]; ok {
		return name
	}
	if _, ok := c.helpers[key]; ok {
		return name
	}
	// (Returned through a variable: a value of a basic kind returned as
	// any directly comes out as a plain value of its kind.)
	c.declareHelper(key, fmt.Sprintf("package p\nfunc %[1]s(v %[2]s) %[3]s {\n\tvar r %[3]s = v\n\treturn r\n}\n", name, c.typeString(t), c.typeString(target)))
	return name
}

// freshLocals returns the local variables defined (by := or var) from a
// composite literal that nothing assigns, increments, takes the address
// of, calls a pointer method on or mentions in a function literal
// afterwards, as a whole or in part.
func (c *compilation) freshLocals() map[*types.Var]bool {
	fresh := map[*types.Var]bool{}
	def := func(id *ast.Ident, value ast.Expr) {
		if _, ok := ast.Unparen(value).(*ast.CompositeLit); !ok {
			return
		}
		if v, ok := c.s.info.Defs[id].(*types.Var); ok && v.Parent() != c.s.pkg.Scope() {
			fresh[v] = true
		}
	}
	for _, f := range c.files() {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						def(l.(*ast.Ident), n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, id := range n.Names {
						def(id, n.Values[i])
					}
				}
			}
			return true
		})
	}
	if len(fresh) == 0 {
		return fresh
	}
	// root returns the variable an operand of an assignment or of & is
	// part of.
	var root func(e ast.Expr) *types.Var
	root = func(e ast.Expr) *types.Var {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := c.s.info.Uses[x].(*types.Var)
			return v
		case *ast.SelectorExpr:
			return root(x.X)
		case *ast.IndexExpr:
			return root(x.X)
		case *ast.StarExpr:
			return root(x.X)
		}
		return nil
	}
	for _, f := range c.files() {
		var lits []*ast.FuncLit
		astutil.Apply(f, func(cur *astutil.Cursor) bool {
			switch n := cur.Node().(type) {
			case *ast.FuncLit:
				lits = append(lits, n)
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if v := root(l); v != nil && (n.Tok != token.DEFINE || c.s.info.Defs[l.(*ast.Ident)] == nil) {
						delete(fresh, v)
					}
				}
			case *ast.IncDecStmt:
				delete(fresh, root(n.X))
			case *ast.RangeStmt:
				if n.Tok == token.ASSIGN {
					delete(fresh, root(n.Key))
					if n.Value != nil {
						delete(fresh, root(n.Value))
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					delete(fresh, root(n.X))
				}
			case *ast.SelectorExpr:
				if sel := c.s.info.Selections[n]; sel != nil && sel.Kind() == types.MethodVal {
					if _, ptr := sel.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer); ptr {
						delete(fresh, root(n.X))
					}
				}
			case *ast.Ident:
				// A variable a function literal mentions, declared
				// outside it.
				if v, ok := c.s.info.Uses[n].(*types.Var); ok && fresh[v] {
					for _, lit := range lits {
						if v.Pos() < lit.Pos() || v.Pos() > lit.End() {
							delete(fresh, v)
						}
					}
				}
			}
			return true
		}, func(cur *astutil.Cursor) bool {
			if _, ok := cur.Node().(*ast.FuncLit); ok {
				lits = lits[:len(lits)-1]
			}
			return true
		})
	}
	return fresh
}
