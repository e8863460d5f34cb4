package cellc

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// passCallArgs makes go and defer statements evaluate the call's arguments
// at the statement, as Go does (the interpreter evaluates them only when
// the deferred call runs), and starts goroutines through the session
// runtime (package gonote/rt), which recovers a panic in them instead of
// letting it kill the process, and counts the goroutines each cell leaves
// running:
//
//	defer f(x, y)  =>  var a1 T1 = x; var a2 T2 = y; defer f(a1, a2)
//	go f(x)        =>  var a1 T1 = x; g := func() { f(a1) }; rt.Go(cell, line, col, g)
//
// The temporaries are fresh variables in the same statement list, so each
// execution of the statement (say, in a loop) has its own. The function
// literal goes through a variable because the interpreter binds a literal
// passed straight to a native function to the enclosing frame's variables
// as they are when it runs, not when it was made; and it is made by
// privateClosure, see there.
func passCallArgs(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		switch st := cur.Node().(type) {
		case *ast.DeferStmt:
			pre, call := c.evalArgs(st.Call)
			if len(pre) == 0 {
				return true
			}
			st.Call = call
			insert(cur, pre, st)
		case *ast.GoStmt:
			pre, call := c.evalArgs(st.Call)
			var fn ast.Expr
			if lit, ok := call.Fun.(*ast.FuncLit); ok && len(call.Args) == 0 && call.Ellipsis == token.NoPos &&
				lit.Type.Params.NumFields() == 0 && (lit.Type.Results == nil || lit.Type.Results.NumFields() == 0) {
				fn = lit
			} else {
				fn = &ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: call}}}}
			}
			g := c.temp("g")
			pc := privateClosure(fn.(*ast.FuncLit))
			c.markPrivate(pc)
			pre = append(pre, define([]string{g}, pc))
			line, col := c.cellPos(c.s.fset.Position(st.Go))
			goCall := &ast.ExprStmt{X: &ast.CallExpr{
				Fun: &ast.SelectorExpr{X: ast.NewIdent(c.rtName()), Sel: ast.NewIdent("Go")},
				Args: []ast.Expr{
					&ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(c.n)},
					&ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(line)},
					&ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(col)},
					ast.NewIdent(g),
				},
			}}
			insert(cur, pre, goCall)
		}
		return true
	})
	return nil
}

// insert replaces the statement at cur with pre followed by st, in the same
// statement list when there is one (a defer in a nested block would run
// when the block ends, in the interpreter).
func insert(cur *astutil.Cursor, pre []ast.Stmt, st ast.Stmt) {
	if cur.Index() >= 0 {
		for _, p := range pre {
			cur.InsertBefore(p)
		}
		if st != cur.Node() {
			cur.Replace(st)
		}
		return
	}
	cur.Replace(&ast.BlockStmt{List: append(pre, st)})
}

// rtName returns the name the emitted file imports the runtime under.
func (c *compilation) rtName() string {
	c.imports["gonote/rt"] = "gonote_rt"
	return "gonote_rt"
}

// evalArgs returns statements that evaluate call's function value and
// arguments into temporaries, and the call rewritten to use them.
// Constants and function literals need no temporary.
func (c *compilation) evalArgs(call *ast.CallExpr) ([]ast.Stmt, *ast.CallExpr) {
	var pre []ast.Stmt
	out := *call
	out.Args = append([]ast.Expr(nil), call.Args...)
	sig, _ := c.typeOf(call.Fun).(*types.Signature)
	if c.isBuiltin(call.Fun) {
		sig = nil
	}
	for i, arg := range call.Args {
		if c.isConst(arg) {
			continue
		}
		if _, ok := arg.(*ast.FuncLit); ok {
			continue
		}
		var t types.Type
		if sig != nil {
			t = paramType(sig, i, call.Ellipsis != token.NoPos)
		}
		if t == nil {
			t = c.typeOf(arg)
		}
		if t == nil {
			continue
		}
		if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
			t = types.Default(t)
			if t.(*types.Basic).Kind() == types.UntypedNil {
				continue
			}
		}
		name := c.temp("a")
		pre = append(pre, varSpec(name, c.typeExpr(t), arg))
		out.Args[i] = ast.NewIdent(name)
	}
	return pre, &out
}

// paramType returns the type of the parameter argument i is assigned to.
func paramType(sig *types.Signature, i int, spread bool) types.Type {
	n := sig.Params().Len()
	if n == 0 {
		return nil
	}
	if sig.Variadic() && i >= n-1 {
		last := sig.Params().At(n - 1).Type()
		if spread {
			return last
		}
		if s, ok := last.Underlying().(*types.Slice); ok {
			return s.Elem()
		}
		return nil
	}
	if i < n {
		return sig.Params().At(i).Type()
	}
	return nil
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	if id == nil {
		return &ast.Ident{}
	}
	return id
}

// isBuiltin reports whether fun denotes a builtin function.
func (c *compilation) isBuiltin(fun ast.Expr) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = c.s.info.Uses[id].(*types.Builtin)
	return ok
}

// isTypeExpr reports whether e denotes a type (a conversion, not a call).
func (c *compilation) isTypeExpr(e ast.Expr) bool {
	tv, ok := c.s.info.Types[e]
	return ok && tv.IsType()
}

// privateClosure returns an expression that makes lit inside a function of
// its own and returns it:
//
//	func() func() { return lit }()
//
// After native code calls a closure, the interpreter writes back into the
// frame that made the closure the value its slot held before (yaegi's
// getFunc), unsynchronised: when that frame is a loop's, a goroutine
// finishing at the wrong moment replaced the closure the next iteration was
// about to pass on, and one goroutine's body ran twice while another's never
// ran. Made in a frame of its own, the closure's write-back lands where
// nothing reads; the outer function literal is made in the loop's frame, so
// the closure still sees that iteration's variables.
func privateClosure(lit *ast.FuncLit) ast.Expr {
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: lit.Type}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{lit}}}},
	}}
}
