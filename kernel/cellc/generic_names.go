package cellc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"

	gen "github.com/traefik/yaegi/stdlib/generic"
)

// interpretedGenericPkgs are the standard packages whose generic functions
// and types the interpreter runs from source (see the engine's std.go).
var interpretedGenericPkgs = []string{"cmp", "iter", "maps", "slices", "sync", "sync/atomic"}

// stdGenericName reports whether name is the name of a generic function
// or type of a standard package the interpreter runs from source.
//
// yaegi keeps the instances of generic functions and types in one table
// for all packages, keyed by name and type arguments: a cell's generic
// Collect instantiated with int and then slices.Collect[int] got the
// cell's function ("cannot use type func(func(int) bool) as type <-chan
// int"). assignNames gives the session's generic declarations of such a
// name a name of their own.
func (s *Session) stdGenericName(name string) bool {
	if s.genericNames == nil {
		s.genericNames = map[string]bool{}
		for _, path := range interpretedGenericPkgs {
			pkg, err := s.imp.Import(path)
			if err != nil {
				continue
			}
			for _, n := range pkg.Scope().Names() {
				if genericObj(pkg.Scope().Lookup(n)) {
					s.genericNames[n] = true
				}
			}
		}
		// Unexported generic helpers of yaegi's own sources.
		for _, src := range gen.Sources {
			f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
			if err != nil {
				continue
			}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil && d.Type.TypeParams != nil {
						s.genericNames[d.Name.Name] = true
					}
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						if ts, ok := spec.(*ast.TypeSpec); ok && ts.TypeParams != nil {
							s.genericNames[ts.Name.Name] = true
						}
					}
				}
			}
		}
	}
	return s.genericNames[name]
}

// genericObj reports whether obj is a generic function or type.
func genericObj(obj types.Object) bool {
	switch obj := obj.(type) {
	case *types.Func:
		sig, ok := obj.Type().(*types.Signature)
		return ok && sig.TypeParams().Len() > 0
	case *types.TypeName:
		n, ok := obj.Type().(*types.Named)
		return ok && n.TypeParams().Len() > 0
	}
	return false
}
