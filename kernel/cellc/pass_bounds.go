package cellc

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// boundsChecks gives index and slice expressions a check of their own
// before the statement that holds them, so that an index out of range
// panics with Go's run-time error, which names the index and the length,
// instead of the interpreter's "reflect: slice index out of range":
//
//	fmt.Println(s[i])  =>  if uint(i) >= uint(len(s)) {
//	                           gonote_indexError(int(i), len(s))
//	                       }
//	                       fmt.Println(s[i])
//
// passRecover runs it, since the message only shows when a panic is
// recovered. A check costs the interpreter about as much as the index
// itself (a third of a call of a small function), so expressions in the
// body of a loop that calls no function, or in a declared function or
// method that calls none (an accessor, where it would be felt), get none; their panics keep
// the interpreter's message, which the recover helper turns into Go's
// without the numbers. Only expressions that Go evaluates before anything else the
// statement does are checked (every call and receive of the statement is
// one they are an operand of), and only when their operands can be
// evaluated twice (names, fields, constants, arithmetic, len and cap).
func (c *compilation) boundsChecks() {
	b := &boundsWalk{c: c, tight: map[ast.Node]bool{}, declared: map[*ast.FuncLit]bool{}}
	c.apply(b.pre, b.post)
}

type boundsWalk struct {
	c *compilation
	// scopes holds, innermost last, the functions and loops around the
	// node being walked.
	scopes []ast.Node
	tight  map[ast.Node]bool // loop or function -> it calls nothing
	// declared holds the function literals that are the cell's
	// declared functions.
	declared map[*ast.FuncLit]bool
}

func (b *boundsWalk) pre(cur *astutil.Cursor) bool {
	switch n := cur.Node().(type) {
	case *ast.FuncLit:
		// A function literal is a closure, whose panics are what a
		// lesson recovers, unless it is a declared function, which
		// the session assigns to its variable in the file's init.
		if as, ok := cur.Parent().(*ast.AssignStmt); ok && as.Tok == token.ASSIGN && len(b.scopes) == 1 {
			if fd, ok := b.scopes[0].(*ast.FuncDecl); ok && fd.Name.Name == "init" && fd.Recv == nil {
				b.declared[n] = true
			}
		}
		b.scopes = append(b.scopes, n)
	case *ast.FuncDecl:
		b.scopes = append(b.scopes, n)
	case *ast.ForStmt, *ast.RangeStmt:
		b.check(cur)
		b.scopes = append(b.scopes, n)
	case ast.Stmt:
		b.check(cur)
	}
	return true
}

func (b *boundsWalk) post(cur *astutil.Cursor) bool {
	switch cur.Node().(type) {
	case *ast.FuncLit, *ast.FuncDecl, *ast.ForStmt, *ast.RangeStmt:
		b.scopes = b.scopes[:len(b.scopes)-1]
	}
	return true
}

// inTightLoop reports whether the node being walked is in the body of a
// loop, or directly in a function, that calls no function: there a check
// would cost a noticeable part of what the code costs.
func (b *boundsWalk) inTightLoop() bool {
	if len(b.scopes) == 0 {
		return false
	}
	loop := b.scopes[len(b.scopes)-1]
	if lit, ok := loop.(*ast.FuncLit); ok && !b.declared[lit] {
		return false
	}
	tight, ok := b.tight[loop]
	if !ok {
		tight = !b.c.hasEffects(loop)
		b.tight[loop] = tight
	}
	return tight
}

// hasEffects reports whether n calls a function (other than a builtin or
// a conversion), or sends, receives, selects, defers or starts a goroutine.
func (c *compilation) hasEffects(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		found = c.isEffect(n)
		switch n.(type) {
		case *ast.SendStmt, *ast.SelectStmt, *ast.GoStmt, *ast.DeferStmt:
			found = true
		}
		return !found
	})
	return found
}

// isEffect reports whether n is a call of a function that is neither a
// builtin nor a conversion, or a receive.
func (c *compilation) isEffect(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		return !c.isBuiltin(n.Fun) && !c.isTypeExpr(n.Fun)
	case *ast.UnaryExpr:
		return n.Op == token.ARROW
	}
	return false
}

// check inserts the checks for the statement at cur.
func (b *boundsWalk) check(cur *astutil.Cursor) {
	if cur.Index() < 0 || b.inTightLoop() {
		return
	}
	var roots []ast.Node
	switch st := cur.Node().(type) {
	case *ast.ExprStmt:
		roots = []ast.Node{st.X}
	case *ast.AssignStmt:
		for _, e := range st.Rhs {
			roots = append(roots, e)
		}
		for _, e := range st.Lhs {
			roots = append(roots, e)
		}
	case *ast.IncDecStmt:
		roots = []ast.Node{st.X}
	case *ast.ReturnStmt:
		for _, e := range st.Results {
			roots = append(roots, e)
		}
	case *ast.SendStmt:
		roots = []ast.Node{st.Chan, st.Value}
	case *ast.DeclStmt:
		roots = []ast.Node{st.Decl}
	case *ast.IfStmt:
		if st.Init == nil {
			roots = []ast.Node{st.Cond}
		} else {
			roots = []ast.Node{st.Init}
		}
	case *ast.SwitchStmt:
		if st.Init == nil && st.Tag != nil {
			roots = []ast.Node{st.Tag}
		} else if st.Init != nil {
			roots = []ast.Node{st.Init}
		}
	case *ast.ForStmt:
		if st.Init != nil {
			roots = []ast.Node{st.Init}
		}
	case *ast.RangeStmt:
		roots = []ast.Node{st.X}
	}
	var sites []boundsSite
	var effects []ast.Node
	for _, r := range roots {
		b.collect(r, nil, false, &sites, &effects)
	}
	for _, s := range sites {
		if !coversAll(s.ancestors, effects) {
			continue
		}
		if st := b.c.boundsCheck(s.e); st != nil {
			cur.InsertBefore(st)
		}
	}
}

// A boundsSite is an index or slice expression of a statement, with the
// nodes it is an operand of.
type boundsSite struct {
	e         ast.Expr
	ancestors []ast.Node
}

// collect walks n, an eagerly evaluated part of a statement, appending its
// index and slice expressions (operands first, as Go evaluates them) and
// its calls and receives. conditional marks the right operand of && and
// ||, which may not be evaluated: its sites are left out.
func (b *boundsWalk) collect(n ast.Node, path []ast.Node, conditional bool, sites *[]boundsSite, effects *[]ast.Node) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	if _, ok := n.(*ast.FuncLit); ok {
		return
	}
	if b.c.isEffect(n) {
		*effects = append(*effects, n)
	}
	path = append(path, n)
	if be, ok := n.(*ast.BinaryExpr); ok && (be.Op == token.LAND || be.Op == token.LOR) {
		b.collect(be.X, path, conditional, sites, effects)
		b.collect(be.Y, path, true, sites, effects)
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		if m == n {
			return true
		}
		if m != nil {
			b.collect(m, path, conditional, sites, effects)
		}
		return false
	})
	switch n.(type) {
	case *ast.IndexExpr, *ast.SliceExpr:
		if !conditional {
			*sites = append(*sites, boundsSite{e: n.(ast.Expr), ancestors: append([]ast.Node(nil), path...)})
		}
	}
}

// coversAll reports whether every node of effects is in path.
func coversAll(path, effects []ast.Node) bool {
	for _, e := range effects {
		found := false
		for _, p := range path {
			if p == e {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// boundsCheck returns the check for the index or slice expression e, or
// nil when e needs none or cannot have one.
func (c *compilation) boundsCheck(e ast.Expr) ast.Stmt {
	var x ast.Expr
	var idx []ast.Expr
	switch e := e.(type) {
	case *ast.IndexExpr:
		x, idx = e.X, []ast.Expr{e.Index}
	case *ast.SliceExpr:
		x, idx = e.X, []ast.Expr{e.Low, e.High, e.Max}
	default:
		return nil
	}
	t := c.typeOf(x)
	if t == nil || !c.pureExpr(x) {
		return nil
	}
	for _, i := range idx {
		if i != nil && !c.pureExpr(i) {
			return nil
		}
	}
	what := "capacity"
	switch u := t.Underlying().(type) {
	case *types.Slice:
	case *types.Array:
		what = "length"
		if ie, ok := e.(*ast.IndexExpr); ok && c.isConst(ie.Index) {
			return nil // checked by the compiler
		}
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Array); !ok {
			return nil
		}
		what = "length"
	case *types.Basic:
		if u.Info()&types.IsString == 0 {
			return nil
		}
		what = "length"
	default:
		return nil // maps, type parameters
	}
	pos := e.Pos()
	X := func() ast.Expr { return clonePos(x, pos) }
	call := func(fun string, args ...ast.Expr) ast.Expr {
		return &ast.CallExpr{Fun: ast.NewIdent(fun), Args: args}
	}
	uintOf := func(v ast.Expr) ast.Expr { return call("uint", v) }
	intOf := func(v ast.Expr) ast.Expr { return call("int", v) }
	greater := func(a, b ast.Expr, op token.Token) ast.Expr {
		return &ast.BinaryExpr{X: uintOf(a), Op: op, Y: uintOf(b)}
	}
	or := func(conds []ast.Expr) ast.Expr {
		cond := conds[0]
		for _, d := range conds[1:] {
			cond = &ast.BinaryExpr{X: cond, Op: token.LOR, Y: d}
		}
		return cond
	}
	var cond, fail ast.Expr
	switch e := e.(type) {
	case *ast.IndexExpr:
		i := func() ast.Expr { return clonePos(e.Index, pos) }
		cond = greater(i(), call("len", X()), token.GEQ)
		fail = call(c.indexErrorHelper(), intOf(i()), call("len", X()))
	case *ast.SliceExpr:
		limit := "cap"
		if what == "length" {
			limit = "len"
		}
		bound := func(v ast.Expr, def ast.Expr) ast.Expr {
			if v == nil {
				return def
			}
			return clonePos(v, pos)
		}
		zero := func() ast.Expr { return &ast.BasicLit{Kind: token.INT, Value: "0"} }
		lo := func() ast.Expr { return bound(e.Low, zero()) }
		hi := func() ast.Expr { return bound(e.High, call("len", X())) }
		var conds []ast.Expr
		three := e.Slice3 && e.Max != nil
		if three {
			mx := func() ast.Expr { return clonePos(e.Max, pos) }
			conds = append(conds, greater(mx(), call(limit, X()), token.GTR), greater(hi(), mx(), token.GTR))
			if e.Low != nil {
				conds = append(conds, greater(lo(), hi(), token.GTR))
			}
			fail = call(c.sliceErrorHelper(), intOf(lo()), intOf(hi()), intOf(mx()), call(limit, X()), &ast.BasicLit{Kind: token.STRING, Value: `"` + what + `"`}, ast.NewIdent("true"))
		} else {
			if e.High != nil {
				conds = append(conds, greater(hi(), call(limit, X()), token.GTR))
			}
			if e.Low != nil {
				conds = append(conds, greater(lo(), hi(), token.GTR))
			}
			if len(conds) == 0 {
				return nil
			}
			fail = call(c.sliceErrorHelper(), intOf(lo()), intOf(hi()), zero(), call(limit, X()), &ast.BasicLit{Kind: token.STRING, Value: `"` + what + `"`}, ast.NewIdent("false"))
		}
		cond = or(conds)
	}
	return &ast.IfStmt{If: pos, Cond: cond, Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: fail}}, Rbrace: pos}}
}

// pureExpr reports whether e can be evaluated a second time without
// effects: names, fields, constants, arithmetic, index expressions,
// dereferences, len, cap and conversions of such.
func (c *compilation) pureExpr(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return c.pureExpr(e.X)
	case *ast.SelectorExpr:
		if sel := c.s.info.Selections[e]; sel != nil {
			return sel.Kind() == types.FieldVal && c.pureExpr(e.X)
		}
		_, isPkg := c.s.info.Uses[identOf(e.X)].(*types.PkgName)
		return isPkg
	case *ast.IndexExpr:
		if _, ok := c.typeOf(e).(*types.Signature); ok {
			return false
		}
		return c.pureExpr(e.X) && c.pureExpr(e.Index)
	case *ast.StarExpr:
		return c.pureExpr(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && c.pureExpr(e.X)
	case *ast.BinaryExpr:
		return c.pureExpr(e.X) && c.pureExpr(e.Y)
	case *ast.CallExpr:
		if len(e.Args) != 1 {
			return false
		}
		if c.isTypeExpr(e.Fun) {
			return c.pureExpr(e.Args[0])
		}
		switch c.builtinName(e.Fun) {
		case "len", "cap":
			return c.pureExpr(e.Args[0])
		}
	}
	return false
}

// clonePos returns a deep copy of the expression e with every position set
// to pos.
func clonePos(e ast.Expr, pos token.Pos) ast.Expr {
	return cloneValue(reflect.ValueOf(e), pos).Interface().(ast.Expr)
}

var posType = reflect.TypeOf(token.NoPos)

func cloneValue(v reflect.Value, pos token.Pos) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		if _, ok := v.Interface().(*ast.Object); ok {
			return reflect.Zero(v.Type())
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(cloneValue(v.Elem(), pos))
		return p
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(cloneValue(v.Elem(), pos))
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(cloneValue(v.Index(i), pos))
		}
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		for i := 0; i < v.NumField(); i++ {
			f := out.Field(i)
			if !f.CanSet() {
				continue
			}
			if v.Field(i).Type() == posType {
				if v.Field(i).Int() != 0 {
					f.Set(reflect.ValueOf(pos))
				}
				continue
			}
			f.Set(cloneValue(v.Field(i), pos))
		}
		return out
	}
	return v
}

// indexErrorHelper returns the function that panics with Go's run-time
// error for index i of a sequence of length n: a compiled index of a
// slice of that length makes it.
func (c *compilation) indexErrorHelper() string {
	return c.sourceHelper("indexError", strings.ReplaceAll(`package p
func gonote_indexError(i, n int) {
	SORT.IntSlice(make([]int, n)).Less(i, 0)
}`, "SORT", c.importName("sort", "sort")))
}

// sliceErrorHelper returns the function that panics with Go's run-time
// error for the slice expression [lo:hi] or [lo:hi:max] of a sequence
// whose capacity (or length) is n.
func (c *compilation) sliceErrorHelper() string {
	rtErr := c.runtimeErrorHelper()
	return c.sourceHelper("sliceError", strings.NewReplacer("STRCONV", c.importName("strconv", "strconv"), "NEWERR", rtErr).Replace(`package p
func gonote_sliceError(lo, hi, max, n int, what string, three bool) {
	d := STRCONV.Itoa
	var msg string
	switch {
	case three && max < 0:
		msg = "[::" + d(max) + "]"
	case three && max > n:
		msg = "[::" + d(max) + "] with " + what + " " + d(n)
	case three && hi < 0:
		msg = "[:" + d(hi) + ":]"
	case three && hi > max:
		msg = "[:" + d(hi) + ":" + d(max) + "]"
	case three && lo < 0:
		msg = "[" + d(lo) + "::]"
	case three:
		msg = "[" + d(lo) + ":" + d(hi) + ":]"
	case hi < 0:
		msg = "[:" + d(hi) + "]"
	case hi > n:
		msg = "[:" + d(hi) + "] with " + what + " " + d(n)
	case lo < 0:
		msg = "[" + d(lo) + ":]"
	default:
		msg = "[" + d(lo) + ":" + d(hi) + "]"
	}
	panic(NEWERR("runtime error: slice bounds out of range " + msg))
}`))
}
