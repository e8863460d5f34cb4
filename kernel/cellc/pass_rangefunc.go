package cellc

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passRangeFunc rewrites range over a function iterator (Go 1.23), which
// the interpreter cannot run, into a call of the iterator with the loop
// body as the yield function:
//
//	for k, v := range seq { body }
//	=> seq(func(k K, v V) bool { body'; return true })
//
// In body', continue becomes "return true" and break "return false"; a
// return from the enclosing function sets a flag, keeps the results and
// stops the iteration, and the code after the call returns them. Innermost
// loops are rewritten first, so nested loops compose; a break or continue
// to a label outside the loop sets a flag, stops the iteration and is taken
// after the call. A defer or a goto in such a body cannot be expressed this
// way: the cell fails, naming the feature.
func passRangeFunc(c *compilation) error {
	var err error
	fs := &funcStack{c: c}
	labels := map[*ast.RangeStmt]string{}
	c.apply(func(cur *astutil.Cursor) bool {
		fs.push(cur.Node())
		if l, ok := cur.Node().(*ast.LabeledStmt); ok {
			if r, ok := l.Stmt.(*ast.RangeStmt); ok {
				labels[r] = l.Label.Name
			}
		}
		return err == nil
	}, func(cur *astutil.Cursor) bool {
		defer fs.pop(cur.Node())
		if err != nil {
			return false
		}
		loop, ok := cur.Node().(*ast.RangeStmt)
		if !ok {
			return true
		}
		t := c.typeOf(loop.X)
		if t == nil {
			return true
		}
		sig, ok := t.Underlying().(*types.Signature)
		if !ok {
			return true
		}
		var out ast.Stmt
		out, err = c.rangeFunc(loop, sig, fs.top(), labels[loop])
		if err != nil {
			return false
		}
		if l, ok := cur.Parent().(*ast.LabeledStmt); ok && l.Stmt == loop {
			// The label now labels a block: nothing can target it any
			// more (breaks and continues became returns).
			l.Stmt = out
			return true
		}
		cur.Replace(out)
		return true
	})
	return err
}

func (c *compilation) rangeFunc(loop *ast.RangeStmt, sig *types.Signature, outer *types.Signature, label string) (ast.Stmt, error) {
	yield := sig.Params().At(0).Type().Underlying().(*types.Signature)
	params := &ast.FieldList{}
	var pre []ast.Stmt
	vars := []ast.Expr{loop.Key, loop.Value}
	for i := 0; i < yield.Params().Len(); i++ {
		pt := c.typeExpr(yield.Params().At(i).Type())
		var v ast.Expr
		if i < len(vars) {
			v = vars[i]
		}
		name := "_"
		switch {
		case v == nil || identName(v) == "_":
		case loop.Tok == token.DEFINE:
			name = v.(*ast.Ident).Name
		default:
			name = c.temp("y")
			pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{v}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(name)}})
		}
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{ast.NewIdent(name)}, Type: pt})
	}
	ret := &retState{}
	if outer != nil && outer.Results().Len() > 0 && outer.Results().At(0).Name() != "" && outer.Results().At(0).Name() != "_" {
		// Named results: assign them, then return bare.
		for i := 0; i < outer.Results().Len(); i++ {
			ret.results = append(ret.results, outer.Results().At(i).Name())
		}
		ret.named, ret.bare = true, true
	}
	body, err := c.yieldBody(loop.Body, label, outer, ret)
	if err != nil {
		return nil, err
	}
	body.List = append(append(pre, body.List...), &ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("true")}})
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Params: params, Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}}},
		Body: body,
	}
	call := &ast.ExprStmt{X: &ast.CallExpr{Fun: loop.X, Args: []ast.Expr{lit}}}
	if ret.flag == "" && len(ret.branches) == 0 {
		return call, nil
	}
	var list []ast.Stmt
	for _, b := range ret.branches {
		list = append(list, varSpec(b.flag, ast.NewIdent("bool"), nil))
	}
	if ret.flag == "" {
		list = append(list, call)
		list = append(list, branchesAfter(ret.branches)...)
		return &ast.BlockStmt{List: list}, nil
	}
	// var done bool; var r1 T1; ...; seq(...); if done { return r1, ... }
	list = append(list, varSpec(ret.flag, ast.NewIdent("bool"), nil))
	var results []ast.Expr
	for i, name := range ret.results {
		if !ret.named {
			list = append(list, varSpec(name, c.typeExpr(outer.Results().At(i).Type()), nil))
		}
		results = append(results, ast.NewIdent(name))
	}
	if ret.bare {
		results = nil
	}
	list = append(list, call, &ast.IfStmt{
		Cond: ast.NewIdent(ret.flag),
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: results}}},
	})
	list = append(list, branchesAfter(ret.branches)...)
	return &ast.BlockStmt{List: list}, nil
}

// branchesAfter returns "if flag { continue L }" for each branch.
func branchesAfter(bs []outerBranch) []ast.Stmt {
	var list []ast.Stmt
	for _, b := range bs {
		list = append(list, &ast.IfStmt{
			Cond: ast.NewIdent(b.flag),
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.BranchStmt{Tok: b.tok, Label: ast.NewIdent(b.label)}}},
		})
	}
	return list
}

// retState collects how the returns inside a loop body were rewritten.
type retState struct {
	flag    string
	results []string
	bare    bool
	named   bool // results are the function's named results
	// branches to labels outside the loop, taken after the call
	branches []outerBranch
}

type outerBranch struct {
	flag  string
	tok   token.Token
	label string
}

// yieldBody rewrites the loop body's control flow for use as a yield
// function.
func (c *compilation) yieldBody(body *ast.BlockStmt, label string, outer *types.Signature, ret *retState) (*ast.BlockStmt, error) {
	var err error
	depth := 0  // nested loops: unlabeled continue and break stay
	sdepth := 0 // nested switch and select: unlabeled break stays
	result := astutil.Apply(body, func(cur *astutil.Cursor) bool {
		if err != nil {
			return false
		}
		switch n := cur.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			depth++
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			sdepth++
		case *ast.DeferStmt:
			err = c.unsupported(n.Defer, "defer inside the body of a range-over-func loop")
		case *ast.BranchStmt:
			switch {
			case n.Tok == token.GOTO:
				err = c.unsupported(n.TokPos, "goto inside the body of a range-over-func loop")
			case n.Tok == token.FALLTHROUGH:
			case n.Label != nil && n.Label.Name != label:
				if !c.labelInside(body, n.Label.Name) {
					// Leave the iteration, then take the branch after
					// the iterator returns.
					flag := c.temp("br")
					ret.branches = append(ret.branches, outerBranch{flag, n.Tok, n.Label.Name})
					cur.Replace(&ast.BlockStmt{List: []ast.Stmt{
						&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(flag)}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("true")}},
						&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("false")}},
					}})
				}
			case n.Label != nil || n.Tok == token.CONTINUE && depth == 0 || n.Tok == token.BREAK && depth == 0 && sdepth == 0:
				cur.Replace(&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent(boolLit(n.Tok == token.CONTINUE))}})
			}
		case *ast.ReturnStmt:
			if ret.flag == "" {
				ret.flag = c.temp("ret")
				if outer != nil && !ret.named {
					for i := 0; i < outer.Results().Len(); i++ {
						ret.results = append(ret.results, c.temp("r"))
					}
				}
			}
			list := []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(ret.flag)}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("true")}}}
			if len(n.Results) > 0 {
				var lhs []ast.Expr
				for _, r := range ret.results {
					lhs = append(lhs, ast.NewIdent(r))
				}
				list = append(list, &ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: n.Results})
			} else if !ret.named {
				ret.bare = true
			}
			list = append(list, &ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("false")}})
			cur.Replace(&ast.BlockStmt{List: list})
			return false
		}
		return true
	}, func(cur *astutil.Cursor) bool {
		switch cur.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			depth--
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			sdepth--
		}
		return true
	})
	return result.(*ast.BlockStmt), err
}

// labelInside reports whether body declares label.
func (c *compilation) labelInside(body ast.Node, label string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok && l.Label.Name == label {
			found = true
		}
		return !found
	})
	return found
}

func boolLit(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
