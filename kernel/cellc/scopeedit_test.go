package cellc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"testing"
)

// TestScopeEdit checks the helpers that reach into go/types internals, so
// that a Go release changing them fails here rather than in a session.
func TestScopeEdit(t *testing.T) {
	fset := token.NewFileSet()
	pkg := types.NewPackage("main", "main")
	chk := types.NewChecker(&types.Config{}, fset, pkg, &types.Info{})
	f, err := parser.ParseFile(fset, "a.go", "package main\ntype T struct{}\nfunc (T) M() {}\nvar x = 1\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := chk.Files([]*ast.File{f}); err != nil {
		t.Fatal(err)
	}
	if err := scopeDelete(pkg.Scope(), "x"); err != nil {
		t.Fatalf("scopeDelete: %v", err)
	}
	if obj := pkg.Scope().Lookup("x"); obj != nil {
		t.Errorf("Lookup(x) after scopeDelete = %v, want nil", obj)
	}
	named := pkg.Scope().Lookup("T").Type().(*types.Named)
	if err := removeMethod(named, named.Method(0)); err != nil {
		t.Fatalf("removeMethod: %v", err)
	}
	if n := named.NumMethods(); n != 0 {
		t.Errorf("NumMethods after removeMethod = %d, want 0", n)
	}
	decls, err := declMap(chk)
	if err != nil {
		t.Fatalf("declMap: %v", err)
	}
	if decls.Len() != 3 {
		t.Errorf("declarations before forgetDecls = %d, want 3 (T, M, x)", decls.Len())
	}
	stash := map[*types.TypeName]reflect.Value{}
	forgetDecls(decls, pkg.Scope(), stash)
	if decls.Len() != 0 || len(stash) != 1 {
		t.Errorf("after forgetDecls: %d declarations, %d kept; want 0 and 1 (the type T)", decls.Len(), len(stash))
	}
	if !rememberDecl(decls, stash, pkg.Scope().Lookup("T").(*types.TypeName)) || decls.Len() != 1 {
		t.Errorf("rememberDecl(T): %d declarations, want 1", decls.Len())
	}
}
