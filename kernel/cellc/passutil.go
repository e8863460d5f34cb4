package cellc

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// files returns the cell's checked files.
func (c *compilation) files() []*ast.File {
	var fs []*ast.File
	for _, f := range []*ast.File{c.fileA, c.fileB} {
		if f != nil {
			fs = append(fs, f)
		}
	}
	return fs
}

// apply runs astutil.Apply over every file of the cell.
func (c *compilation) apply(pre, post astutil.ApplyFunc) {
	for _, f := range c.files() {
		astutil.Apply(f, pre, post)
	}
}

// temp returns a fresh identifier name for code the compiler writes.
func (c *compilation) temp(what string) string {
	c.tmp++
	return fmt.Sprintf("gonote_%s%d", what, c.tmp)
}

// typeOf returns the type of e, or nil.
func (c *compilation) typeOf(e ast.Expr) types.Type {
	if tv, ok := c.s.info.Types[e]; ok {
		return tv.Type
	}
	if id, ok := e.(*ast.Ident); ok {
		if obj := c.s.info.ObjectOf(id); obj != nil {
			return obj.Type()
		}
	}
	return nil
}

// signatureOf returns the signature of the function a call of fun calls,
// also through a named function type (context.CancelCauseFunc), or nil
// when fun is a type (a conversion) or not a function.
func (c *compilation) signatureOf(fun ast.Expr) *types.Signature {
	if tv, ok := c.s.info.Types[fun]; ok && tv.IsType() {
		return nil
	}
	t := c.typeOf(fun)
	if t == nil {
		return nil
	}
	sig, _ := t.Underlying().(*types.Signature)
	return sig
}

// objOf returns the object an identifier denotes or declares.
func (c *compilation) objOf(id *ast.Ident) types.Object { return c.s.info.ObjectOf(id) }

// unsupported is the error for a Go feature the interpreter cannot run
// even after rewriting: the cell fails, naming the feature, rather than
// print a wrong answer.
func (c *compilation) unsupported(pos token.Pos, feature string) error {
	line, col := c.cellPos(c.s.fset.Position(pos))
	return &Error{Line: line, Col: col, Msg: "not supported by the interpreter: " + feature}
}

// funcStack tracks the signature of the function being walked, for passes
// that need the enclosing function's results.
type funcStack struct {
	c     *compilation
	stack []*types.Signature
}

func (fs *funcStack) push(n ast.Node) {
	switch n := n.(type) {
	case *ast.FuncDecl:
		sig, _ := fs.c.objOf(n.Name).Type().(*types.Signature)
		fs.stack = append(fs.stack, sig)
	case *ast.FuncLit:
		sig, _ := fs.c.typeOf(n).(*types.Signature)
		fs.stack = append(fs.stack, sig)
	}
}

func (fs *funcStack) pop(n ast.Node) {
	switch n.(type) {
	case *ast.FuncDecl, *ast.FuncLit:
		fs.stack = fs.stack[:len(fs.stack)-1]
	}
}

func (fs *funcStack) top() *types.Signature {
	if len(fs.stack) == 0 {
		return nil
	}
	return fs.stack[len(fs.stack)-1]
}

// editStmtList replaces the statement list n holds, if it is a block or a
// case of a switch or select, with what f makes of it.
func editStmtList(n ast.Node, f func([]ast.Stmt) []ast.Stmt) {
	switch n := n.(type) {
	case *ast.BlockStmt:
		n.List = f(n.List)
	case *ast.CaseClause:
		n.Body = f(n.Body)
	case *ast.CommClause:
		n.Body = f(n.Body)
	}
}

// define returns "names := values".
func define(names []string, values ...ast.Expr) *ast.AssignStmt {
	var lhs []ast.Expr
	for _, n := range names {
		lhs = append(lhs, ast.NewIdent(n))
	}
	return &ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: values}
}

// varSpec returns "var name T = value".
func varSpec(name string, typ, value ast.Expr) ast.Stmt {
	vs := &ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(name)}, Type: typ}
	if value != nil {
		vs.Values = []ast.Expr{value}
	}
	return &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{vs}}}
}

// isConst reports whether e is a constant expression.
func (c *compilation) isConst(e ast.Expr) bool {
	tv, ok := c.s.info.Types[e]
	return ok && tv.Value != nil
}

// mentions reports whether any identifier under n denotes obj.
func (c *compilation) mentions(n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.s.info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// typeSpecs returns the cell's package-level type declarations.
func (c *compilation) typeSpecs() []*ast.TypeSpec {
	if c.fileA == nil {
		return nil
	}
	var out []*ast.TypeSpec
	for _, d := range c.fileA.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, spec := range gd.Specs {
				out = append(out, spec.(*ast.TypeSpec))
			}
		}
	}
	return out
}
