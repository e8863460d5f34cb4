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
	var loops [][]ast.Node // per function: the loops around the node
	loops = append(loops, nil)
	c.apply(func(cur *astutil.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			loops = append(loops, nil)
		case *ast.ForStmt, *ast.RangeStmt:
			loops[len(loops)-1] = append(loops[len(loops)-1], n)
		}
		return true
	}, func(cur *astutil.Cursor) bool {
		switch cur.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			loops = loops[:len(loops)-1]
		case *ast.ForStmt, *ast.RangeStmt:
			l := loops[len(loops)-1]
			loops[len(loops)-1] = l[:len(l)-1]
		}
		switch st := cur.Node().(type) {
		case *ast.DeferStmt:
			if l := loops[len(loops)-1]; len(l) > 0 {
				c.deferInLoop(st, l[0])
			}
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

// deferInLoop makes a defer statement in a loop take what its call needs
// as arguments, which the interpreter evaluates at the statement: it
// evaluates the deferred function value, a method's receiver and the
// variables a deferred function literal uses only when the call runs, from
// slots the next iterations overwrite (every deferred r.Close() closed
// the last r):
//
//	defer r.Close()                 =>  defer func(gonote_r *R) { gonote_r.Close() }(r)
//	defer func() { use(i, n) }()    =>  defer func(i int, n string) { use(i, n) }(i, n)
//
// A literal's variables are those declared in the outermost loop around it
// that the literal neither assigns nor takes the address of.
func (c *compilation) deferInLoop(st *ast.DeferStmt, loop ast.Node) {
	call := st.Call
	if lit, ok := call.Fun.(*ast.FuncLit); ok {
		seen := map[types.Object]bool{}
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := c.s.info.Uses[id].(*types.Var)
			if !ok || seen[v] || v.IsField() || v.Pos() < loop.Pos() || v.Pos() >= loop.End() || (v.Pos() >= lit.Pos() && v.Pos() < lit.End()) {
				return true
			}
			seen[v] = true
			if c.assigned(lit.Body, v) || c.addressed(lit.Body, v) || mentionsTypeParam(v.Type()) {
				return true
			}
			lit.Type.Params.List = append(lit.Type.Params.List, &ast.Field{
				Names: []*ast.Ident{ast.NewIdent(id.Name)}, Type: c.typeExpr(v.Type()),
			})
			call.Args = append(call.Args, ast.NewIdent(id.Name))
			return true
		})
		return
	}
	r, rt := c.receiver(call)
	sig, ok := c.typeOf(call.Fun).(*types.Signature)
	if r == nil || !ok || mentionsTypeParam(rt) {
		return
	}
	sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	params := []*ast.Field{{Names: []*ast.Ident{ast.NewIdent("gonote_r")}, Type: c.typeExpr(rt)}}
	var inner []ast.Expr
	for i := range call.Args {
		// One parameter per argument, of the variadic element's type
		// for the variadic ones.
		t := paramType(sig, i, call.Ellipsis.IsValid())
		if t == nil || mentionsTypeParam(t) {
			return
		}
		name := c.temp("p")
		params = append(params, &ast.Field{Names: []*ast.Ident{ast.NewIdent(name)}, Type: c.typeExpr(t)})
		inner = append(inner, ast.NewIdent(name))
	}
	body := &ast.CallExpr{Fun: &ast.SelectorExpr{X: ast.NewIdent("gonote_r"), Sel: ast.NewIdent(sel.Sel.Name)}, Args: inner, Ellipsis: call.Ellipsis}
	args := append([]ast.Expr{r}, call.Args...)
	st.Call = &ast.CallExpr{
		Fun:  &ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{List: params}}, Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: body}}}},
		Args: args,
	}
}

// addressed reports whether body takes the address of v.
func (c *compilation) addressed(body ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if id, ok := ast.Unparen(u.X).(*ast.Ident); ok && c.s.info.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
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
	if r, t := c.receiver(call); r != nil {
		// The method's receiver is evaluated at the statement too.
		name := c.temp("r")
		pre = append(pre, varSpec(name, c.typeExpr(t), r))
		sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		out.Fun = &ast.SelectorExpr{X: ast.NewIdent(name), Sel: sel.Sel}
	}
	sig := c.signatureOf(call.Fun)
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

// receiver returns the receiver expression of a method call that needs
// evaluating (not a constant, package or plain type), with the address
// taken for a pointer method of an addressable value, and its type; or
// nil.
func (c *compilation) receiver(call *ast.CallExpr) (ast.Expr, types.Type) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	s := c.s.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return nil, nil
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return nil, nil
	}
	recv, t := sel.X, s.Recv()
	_, ptrRecv := fn.Type().(*types.Signature).Recv().Type().(*types.Pointer)
	_, isPtr := t.Underlying().(*types.Pointer)
	if ptrRecv && !isPtr && !types.IsInterface(t) && !s.Indirect() {
		recv, t = &ast.UnaryExpr{Op: token.AND, X: recv}, types.NewPointer(t)
	}
	return recv, t
}
