package cellc

import (
	"go/ast"
	"go/token"
)

// passSelectBreak also gives a loop a label when an unlabeled continue
// inside a select in its body means it, and names that label in the
// continue, because the interpreter ignores an unlabeled continue there:
//
//	for { select { default: continue } }
//	=> gonote_loop1: for { select { default: continue gonote_loop1 } }
//
// passSelectBreak rewrites a labeled break that leaves a select statement,
// which the interpreter treats as leaving only the select (so a for-select
// loop never ended), into a goto to a label just after the labeled
// statement:
//
//	L: for { select { case <-q: break L } }
//	=> L: for { select { case <-q: goto gonote_brk1 } }; gonote_brk1:
func passSelectBreak(c *compilation) error {
	for _, f := range c.files() {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BlockStmt:
				n.List = c.selectBreaks(n.List)
			case *ast.CaseClause:
				n.Body = c.selectBreaks(n.Body)
			case *ast.CommClause:
				n.Body = c.selectBreaks(n.Body)
			}
			return true
		})
	}
	return nil
}

func (c *compilation) selectBreaks(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		st = c.selectContinues(st)
		out = append(out, st)
		ls, ok := st.(*ast.LabeledStmt)
		if !ok {
			continue
		}
		var target string
		var walk func(n ast.Node, inSelect bool)
		walk = func(n ast.Node, inSelect bool) {
			ast.Inspect(n, func(m ast.Node) bool {
				switch m := m.(type) {
				case *ast.FuncLit:
					return false
				case *ast.SelectStmt:
					if m != n {
						walk(m.Body, true)
						return false
					}
				case *ast.BranchStmt:
					if inSelect && m.Tok == token.BREAK && m.Label != nil && m.Label.Name == ls.Label.Name {
						if target == "" {
							target = c.temp("brk")
						}
						m.Tok = token.GOTO
						m.Label = ast.NewIdent(target)
					}
				}
				return true
			})
		}
		walk(ls.Stmt, false)
		if target != "" {
			out = append(out, &ast.LabeledStmt{Label: ast.NewIdent(target), Stmt: &ast.EmptyStmt{Implicit: true}})
		}
	}
	return out
}

// selectContinues labels st, a loop, when an unlabeled continue in a select
// of its body refers to it.
func (c *compilation) selectContinues(st ast.Stmt) ast.Stmt {
	loop := st
	var label *ast.LabeledStmt
	if ls, ok := st.(*ast.LabeledStmt); ok {
		label, loop = ls, ls.Stmt
	}
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	default:
		return st
	}
	var conts []*ast.BranchStmt
	var walk func(n ast.Node, inSelect bool)
	walk = func(n ast.Node, inSelect bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
				return false
			case *ast.SelectStmt:
				walk(m.Body, true)
				return false
			case *ast.BranchStmt:
				if inSelect && m.Tok == token.CONTINUE && m.Label == nil {
					conts = append(conts, m)
				}
			}
			return true
		})
	}
	walk(body, false)
	if len(conts) == 0 {
		return st
	}
	if label == nil {
		label = &ast.LabeledStmt{Label: ast.NewIdent(c.temp("loop")), Stmt: loop}
	}
	for _, b := range conts {
		b.Label = ast.NewIdent(label.Label.Name)
	}
	return label
}
