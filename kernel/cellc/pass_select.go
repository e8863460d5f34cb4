package cellc

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ast/astutil"
)

// passSelect moves the body of every select case out of the select, into a
// switch on which case was chosen. In the interpreter, continue inside a
// select leaves only the select, a break inside a block of a select case
// leaves the enclosing loop, and a labeled break does not leave its loop;
// in a switch all of these behave as in Go, and "break" leaving the switch
// is what it meant in the select:
//
//	select {
//	case v, ok := <-in: body1
//	case out <- x:      body2
//	default:            body3
//	}
//	=>
//	var s int; var t1 T; var t2 bool
//	select {
//	case v, ok := <-in: t1, t2 = v, ok; s = 1
//	case out <- x:      s = 2
//	default:            s = 3
//	}
//	switch s {
//	case 1: v, ok := t1, t2; body1
//	case 2: body2
//	case 3: body3
//	}
//
// A label on the select moves to the switch.
//
// The interpreter keeps one list of cases per select statement and fills
// it in on each run, so goroutines running the same statement at once
// overwrite each other's channels and values: a worker sent another's
// result, or received from another's channel. A select that only the
// cell's own flow runs (in its top-level code, or a program's main) stays
// a select; any other becomes a call of the runtime's Select, which gives
// each run its own list, and the switch:
//
//	gonote_sel1 = gonote_rt.Select("rs", in, &gonote_rv2, &gonote_rv3, out, &gonote_sv4)
func passSelect(c *compilation) error {
	own := c.ownFlowSelects()
	c.apply(nil, func(cur *astutil.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.BlockStmt:
			n.List = c.selects(n.List, own)
		case *ast.CaseClause:
			n.Body = c.selects(n.Body, own)
		case *ast.CommClause:
			n.Body = c.selects(n.Body, own)
		}
		return true
	})
	return nil
}

// ownFlowSelects returns the select statements that only the cell's own
// flow runs: those of its top-level code or of a program's main, outside
// function literals.
func (c *compilation) ownFlowSelects() map[*ast.SelectStmt]bool {
	own := map[*ast.SelectStmt]bool{}
	var bodies []*ast.BlockStmt
	if c.wrapper != nil {
		bodies = append(bodies, c.wrapper.Body)
	}
	if c.program && c.fileA != nil {
		for _, d := range c.fileA.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Body == nil {
				continue
			}
			// Named as the session names it by now; the object keeps Go's name.
			if obj := c.s.info.Defs[fd.Name]; obj != nil && obj.Name() == "main" {
				bodies = append(bodies, fd.Body)
			}
		}
	}
	for _, b := range bodies {
		ast.Inspect(b, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SelectStmt:
				own[n] = true
			}
			return true
		})
	}
	return own
}

func (c *compilation) selects(list []ast.Stmt, own map[*ast.SelectStmt]bool) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		sel, ok := st.(*ast.SelectStmt)
		label, isLabel := st.(*ast.LabeledStmt)
		if isLabel {
			sel, ok = label.Stmt.(*ast.SelectStmt)
		}
		if !ok || len(sel.Body.List) == 0 || c.synthetic[sel] {
			out = append(out, st)
			continue
		}
		if !own[sel] && c.typedSends(sel) {
			out = append(out, c.selectCall(sel, label, isLabel)...)
			continue
		}
		which := c.temp("sel")
		out = append(out, varSpec(which, ast.NewIdent("int"), nil))
		sw := &ast.SwitchStmt{Switch: sel.Select, Tag: ast.NewIdent(which), Body: &ast.BlockStmt{}}
		for i, cl := range sel.Body.List {
			cc := cl.(*ast.CommClause)
			out = append(out, c.sendValue(cc)...)
			var pre, keep []ast.Stmt
			if as, ok := cc.Comm.(*ast.AssignStmt); ok {
				// case v, ok := <-ch: the case keeps the receive (the
				// interpreter mishandles "case t = <-ch"), copies the
				// values to temporaries, and the switch case defines the
				// variables again from them.
				// case x, ok = <-ch: the case defines variables of its
				// own instead (the interpreter loses the value, or stops,
				// when x is not a local of the function the select is
				// in), and the switch case assigns x and ok, which is
				// when Go evaluates them.
				var temps, vars, dests []ast.Expr
				for i, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
						continue
					}
					name := c.temp("rv")
					out = append(out, varSpec(name, c.typeExpr(c.recvVarType(as, i)), nil))
					temps = append(temps, ast.NewIdent(name))
					if as.Tok == token.DEFINE {
						vars = append(vars, ast.NewIdent(l.(*ast.Ident).Name))
						continue
					}
					v := c.temp("rv")
					vars = append(vars, ast.NewIdent(v))
					dests = append(dests, l)
					as.Lhs[i] = ast.NewIdent(v)
				}
				switch {
				case len(temps) == 0:
					cc.Comm = &ast.ExprStmt{X: as.Rhs[0]}
				case as.Tok == token.DEFINE:
					keep = append(keep, &ast.AssignStmt{Lhs: temps, Tok: token.ASSIGN, Rhs: vars})
					pre = append(pre, &ast.AssignStmt{Lhs: cloneIdents(vars), Tok: token.DEFINE, Rhs: cloneIdents(temps)})
				default:
					as.Tok = token.DEFINE
					keep = append(keep, &ast.AssignStmt{Lhs: temps, Tok: token.ASSIGN, Rhs: vars})
					pre = append(pre, &ast.AssignStmt{Lhs: dests, Tok: token.ASSIGN, Rhs: cloneIdents(temps)})
				}
			}
			idx := &ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(i + 1)}
			sw.Body.List = append(sw.Body.List, &ast.CaseClause{
				Case: cc.Case, List: []ast.Expr{idx}, Colon: cc.Colon, Body: append(pre, cc.Body...),
			})
			cc.Body = append(keep, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(which)}, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(i + 1)}}})
		}
		c.synthetic[sel] = true
		out = append(out, sel)
		if isLabel {
			label.Stmt = sw
			out = append(out, label)
		} else {
			out = append(out, sw)
		}
	}
	return out
}

// selectCall returns sel (labelled by label when isLabel) as a call of
// the runtime's Select and a switch on its result: see passSelect.
func (c *compilation) selectCall(sel *ast.SelectStmt, label *ast.LabeledStmt, isLabel bool) []ast.Stmt {
	var out []ast.Stmt
	which := c.temp("sel")
	out = append(out, varSpec(which, ast.NewIdent("int"), nil))
	sw := &ast.SwitchStmt{Switch: sel.Select, Tag: ast.NewIdent(which), Body: &ast.BlockStmt{}}
	var spec []byte
	var args []ast.Expr
	nilArg := func() ast.Expr { return ast.NewIdent("nil") }
	addr := func(name string) ast.Expr { return &ast.UnaryExpr{Op: token.AND, X: ast.NewIdent(name)} }
	for i, cl := range sel.Body.List {
		cc := cl.(*ast.CommClause)
		var pre []ast.Stmt
		switch comm := cc.Comm.(type) {
		case nil:
			spec = append(spec, 'd')
		case *ast.SendStmt:
			// The value is evaluated on entering the select, as Go does,
			// into a variable of the channel's element type.
			ch := c.typeOf(comm.Chan).Underlying().(*types.Chan)
			name := c.temp("sv")
			out = append(out, varSpec(name, c.typeExpr(ch.Elem()), comm.Value))
			spec = append(spec, 's')
			args = append(args, comm.Chan, addr(name))
		case *ast.ExprStmt:
			spec = append(spec, 'r')
			args = append(args, ast.Unparen(comm.X).(*ast.UnaryExpr).X, nilArg(), nilArg())
		case *ast.AssignStmt:
			spec = append(spec, 'r')
			args = append(args, ast.Unparen(comm.Rhs[0]).(*ast.UnaryExpr).X)
			var temps, lhs []ast.Expr
			for j := range 2 {
				if j >= len(comm.Lhs) {
					args = append(args, nilArg())
					continue
				}
				if id, ok := comm.Lhs[j].(*ast.Ident); ok && id.Name == "_" {
					args = append(args, nilArg())
					continue
				}
				name := c.temp("rv")
				out = append(out, varSpec(name, c.typeExpr(c.recvVarType(comm, j)), nil))
				args = append(args, addr(name))
				temps = append(temps, ast.NewIdent(name))
				lhs = append(lhs, comm.Lhs[j])
			}
			if len(temps) > 0 {
				tok := token.ASSIGN
				if comm.Tok == token.DEFINE {
					tok = token.DEFINE
				}
				pre = append(pre, &ast.AssignStmt{Lhs: lhs, Tok: tok, Rhs: temps})
			}
		}
		idx := &ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(i + 1)}
		sw.Body.List = append(sw.Body.List, &ast.CaseClause{
			Case: cc.Case, List: []ast.Expr{idx}, Colon: cc.Colon, Body: append(pre, cc.Body...),
		})
	}
	call := &ast.CallExpr{
		Fun:  &ast.SelectorExpr{X: ast.NewIdent(c.rtName()), Sel: ast.NewIdent("Select")},
		Args: append([]ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(string(spec))}}, args...),
	}
	out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(which)}, Tok: token.ASSIGN, Rhs: []ast.Expr{call}})
	if isLabel {
		label.Stmt = sw
		return append(out, label)
	}
	return append(out, sw)
}

// typedSends reports whether the type of every channel sel sends on is
// known, which selectCall needs.
func (c *compilation) typedSends(sel *ast.SelectStmt) bool {
	for _, cl := range sel.Body.List {
		if send, ok := cl.(*ast.CommClause).Comm.(*ast.SendStmt); ok {
			t := c.typeOf(send.Chan)
			if t == nil {
				return false
			}
			if _, ok := t.Underlying().(*types.Chan); !ok {
				return false
			}
		}
	}
	return true
}

// sendValue evaluates the value of a send case into a temporary before the
// select, as Go does on entering it: the interpreter sends the zero value
// for a composite literal or conversion written in the case itself
// ("case out <- Reply{id, int(d)}").
func (c *compilation) sendValue(cc *ast.CommClause) []ast.Stmt {
	send, ok := cc.Comm.(*ast.SendStmt)
	if !ok {
		return nil
	}
	switch send.Value.(type) {
	case *ast.Ident, *ast.BasicLit:
		return nil
	}
	ch, ok := c.typeOf(send.Chan).Underlying().(*types.Chan)
	if !ok {
		return nil
	}
	name := c.temp("sv")
	decl := varSpec(name, c.typeExpr(ch.Elem()), send.Value)
	send.Value = ast.NewIdent(name)
	return []ast.Stmt{decl}
}

// recvVarType returns the type of the i-th variable of a receive case:
// a defined variable's own type, else the channel's element type or, for
// the second, the type of what it is assigned to (an untyped bool).
func (c *compilation) recvVarType(as *ast.AssignStmt, i int) types.Type {
	if id, ok := as.Lhs[i].(*ast.Ident); ok && id.Name != "_" {
		if obj := c.s.info.Defs[id]; obj != nil {
			return obj.Type()
		}
	}
	if i == 1 {
		if t := c.typeOf(as.Lhs[1]); t != nil && as.Tok == token.ASSIGN {
			return t
		}
		return types.Typ[types.Bool]
	}
	if t := c.typeOf(as.Rhs[0]); t != nil {
		if tup, ok := t.(*types.Tuple); ok {
			return tup.At(0).Type()
		}
		return t
	}
	return types.Typ[types.Invalid]
}

func cloneIdents(ids []ast.Expr) []ast.Expr {
	var out []ast.Expr
	for _, e := range ids {
		out = append(out, ast.NewIdent(e.(*ast.Ident).Name))
	}
	return out
}
