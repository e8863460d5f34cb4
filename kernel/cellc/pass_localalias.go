package cellc

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// passLocalAlias replaces a type alias declared inside a function, which
// the interpreter does not know ("undefined: kv"), with the type it
// stands for wherever it is used, and drops its declaration:
//
//	type kv = struct{ k string; v int }
//	var x []kv  =>  var x []struct{ k string; v int }
func passLocalAlias(c *compilation) error {
	c.apply(func(cur *astutil.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.DeclStmt:
			gd, ok := n.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				return true
			}
			var keep []ast.Spec
			for _, spec := range gd.Specs {
				if ts, ok := spec.(*ast.TypeSpec); !ok || !ts.Assign.IsValid() || ts.TypeParams != nil {
					keep = append(keep, spec)
				}
			}
			if len(keep) == 0 && cur.Index() >= 0 {
				cur.Delete()
				return false
			}
			if len(keep) == 0 {
				keep = gd.Specs[:1] // a labeled declaration: keep the label's statement
			}
			gd.Specs = keep
		case *ast.Ident:
			tn, ok := c.s.info.Uses[n].(*types.TypeName)
			if !ok || !tn.IsAlias() || !localType(tn) {
				return true
			}
			if _, ok := cur.Parent().(*ast.SelectorExpr); ok {
				return true
			}
			cur.Replace(c.typeExpr(types.Unalias(tn.Type())))
		}
		return true
	}, nil)
	return nil
}

// localType reports whether tn is declared inside a function.
func localType(tn *types.TypeName) bool {
	return tn.Pkg() != nil && tn.Parent() != nil && tn.Parent() != tn.Pkg().Scope()
}
