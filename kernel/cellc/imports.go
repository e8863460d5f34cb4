package cellc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// fixImports does what goimports does, for the standard library: each of
// the cell's files gets the imports it uses, a package name used but not
// imported is imported (ImportsAdded), and an import no file uses is dropped
// (ImportsRemoved) instead of failing the cell.
func (c *compilation) fixImports() {
	type imp struct {
		spec       *ast.ImportSpec
		name, path string
		used       bool
	}
	var explicit []*imp
	top := map[string]bool{} // names the cell declares at top level
	if c.fileA != nil {
		for _, d := range c.fileA.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch spec := spec.(type) {
					case *ast.ImportSpec:
						path, _ := strconv.Unquote(spec.Path.Value)
						name := c.s.imp.pkgName(path)
						if spec.Name != nil {
							name = spec.Name.Name
						}
						explicit = append(explicit, &imp{spec: spec, name: name, path: path})
					case *ast.TypeSpec:
						top[spec.Name.Name] = true
					case *ast.ValueSpec:
						for _, id := range spec.Names {
							top[id.Name] = true
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil {
					top[d.Name.Name] = true
				}
			}
		}
	}
	added := map[string]bool{}
	for _, f := range []*ast.File{c.fileA, c.fileB} {
		if f == nil {
			continue
		}
		used := pkgRefs(f)
		var specs []ast.Spec
		for _, im := range explicit {
			switch {
			case im.name == "_" || im.name == ".":
				if f == c.fileA {
					specs = append(specs, im.spec)
					im.used = true
				}
			case used[im.name]:
				spec := im.spec
				if f != c.fileA {
					spec = &ast.ImportSpec{Name: spec.Name, Path: &ast.BasicLit{Kind: token.STRING, Value: spec.Path.Value}}
				}
				specs = append(specs, spec)
				im.used = true
				delete(used, im.name)
			}
		}
		var names []string
		for name := range used {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if top[name] || c.s.pkg.Scope().Lookup(name) != nil || types.Universe.Lookup(name) != nil {
				continue
			}
			path := c.s.imp.pathFor(name)
			if path == "" {
				continue
			}
			specs = append(specs, &ast.ImportSpec{Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(path)}})
			if !added[path] {
				added[path] = true
				c.added = append(c.added, path)
			}
		}
		setImports(f, specs)
	}
	for _, im := range explicit {
		if !im.used {
			c.removed = append(c.removed, im.path)
		}
	}
}

// setImports replaces f's import declarations with one holding specs.
func setImports(f *ast.File, specs []ast.Spec) {
	decls := f.Decls[:0:0]
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		decls = append(decls, d)
	}
	f.Imports = nil
	if len(specs) > 0 {
		for _, s := range specs {
			f.Imports = append(f.Imports, s.(*ast.ImportSpec))
		}
		decls = append([]ast.Decl{&ast.GenDecl{Tok: token.IMPORT, Lparen: 1, Specs: specs}}, decls...)
	}
	f.Decls = decls
}

// pkgRefs returns the names used as X in X.Sel that the parser could not
// resolve in the file: the candidate package names.
func pkgRefs(f *ast.File) map[string]bool {
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Obj == nil {
				used[id.Name] = true
			}
		}
		return true
	})
	return used
}

// importName returns the name under which the emitted file refers to the
// package at path, importing it (under an alias if its name is taken).
func (c *compilation) importName(path, name string) string {
	if n, ok := c.imports[path]; ok {
		return n
	}
	n := name
	for i := 2; c.importNameTaken(n); i++ {
		n = "gonote_" + name + strconv.Itoa(i)
	}
	c.imports[path] = n
	return n
}

func (c *compilation) importNameTaken(n string) bool {
	for _, m := range c.imports {
		if m == n {
			return true
		}
	}
	return c.s.pkg.Scope().Lookup(n) != nil
}

// seedImports records the imports of the checked files as the emitted
// file's starting set.
func (c *compilation) seedImports() {
	for _, f := range []*ast.File{c.fileA, c.fileB} {
		if f == nil {
			continue
		}
		for _, spec := range f.Imports {
			path, _ := strconv.Unquote(spec.Path.Value)
			name := c.s.imp.pkgName(path)
			if spec.Name != nil {
				name = spec.Name.Name
			}
			if name == "_" || name == "." {
				continue
			}
			if _, ok := c.imports[path]; !ok {
				c.imports[path] = name
			}
		}
	}
}

// importDecl returns the emitted file's import declaration: the blank and
// dot imports of the cell, and every import whose name decls use.
func (c *compilation) importDecl(decls []ast.Decl) ast.Decl {
	used := map[string]bool{}
	for _, d := range decls {
		ast.Inspect(d, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
	}
	var specs []ast.Spec
	if c.fileA != nil {
		for _, spec := range c.fileA.Imports {
			if spec.Name != nil && (spec.Name.Name == "_" || spec.Name.Name == ".") {
				specs = append(specs, &ast.ImportSpec{Name: ast.NewIdent(spec.Name.Name), Path: &ast.BasicLit{Kind: token.STRING, Value: spec.Path.Value}})
			}
		}
	}
	var paths []string
	for path, name := range c.imports {
		if used[name] {
			paths = append(paths, path)
		}
	}
	sort.Strings(paths)
	for _, path := range paths {
		spec := &ast.ImportSpec{Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(path)}}
		if name := c.imports[path]; name != c.s.imp.pkgName(path) {
			spec.Name = ast.NewIdent(name)
		}
		specs = append(specs, spec)
	}
	if len(specs) == 0 {
		return nil
	}
	return &ast.GenDecl{Tok: token.IMPORT, Lparen: 1, Specs: specs}
}

// typeExpr returns a type expression for t valid in the emitted file:
// session types by their emitted names, other packages' types through
// imports of the file.
func (c *compilation) typeExpr(t types.Type) ast.Expr {
	e, err := parser.ParseExpr(c.typeString(t))
	if err != nil {
		// typeString writes Go syntax; a failure is a bug.
		panic("cellc: bad type expression " + c.typeString(t) + ": " + err.Error())
	}
	return e
}

func (c *compilation) typeString(t types.Type) string {
	var b strings.Builder
	c.writeType(&b, t)
	return b.String()
}

func (c *compilation) writeType(b *strings.Builder, t types.Type) {
	switch t := t.(type) {
	case *types.Basic:
		switch {
		case t.Kind() == types.UnsafePointer:
			b.WriteString(c.importName("unsafe", "unsafe") + ".Pointer")
		case t.Info()&types.IsUntyped != 0:
			c.writeType(b, types.Default(t))
		default:
			b.WriteString(t.Name())
		}
	case *types.Named:
		if c.aliasedInstance(t) {
			b.WriteString(c.instTypeString(t)) // see passGenerics
			return
		}
		c.writeObjName(b, t.Obj())
		c.writeTypeArgs(b, t.TypeArgs())
	case *types.Alias:
		if localType(t.Obj()) {
			c.writeType(b, types.Unalias(t)) // passLocalAlias drops it
			return
		}
		c.writeObjName(b, t.Obj())
		c.writeTypeArgs(b, t.TypeArgs())
	case *types.TypeParam:
		b.WriteString(t.Obj().Name())
	case *types.Pointer:
		b.WriteString("*")
		c.writeType(b, t.Elem())
	case *types.Slice:
		b.WriteString("[]")
		c.writeType(b, t.Elem())
	case *types.Array:
		b.WriteString("[" + strconv.FormatInt(t.Len(), 10) + "]")
		c.writeType(b, t.Elem())
	case *types.Map:
		b.WriteString("map[")
		c.writeType(b, t.Key())
		b.WriteString("]")
		c.writeType(b, t.Elem())
	case *types.Chan:
		switch t.Dir() {
		case types.SendRecv:
			b.WriteString("chan ")
			if e, ok := t.Elem().(*types.Chan); ok && e.Dir() == types.RecvOnly {
				b.WriteString("(")
				c.writeType(b, e)
				b.WriteString(")")
				return
			}
		case types.SendOnly:
			b.WriteString("chan<- ")
		case types.RecvOnly:
			b.WriteString("<-chan ")
		}
		c.writeType(b, t.Elem())
	case *types.Signature:
		b.WriteString("func")
		c.writeSignature(b, t)
	case *types.Struct:
		b.WriteString("struct{")
		for i := 0; i < t.NumFields(); i++ {
			if i > 0 {
				b.WriteString("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				b.WriteString(f.Name() + " ")
			}
			c.writeType(b, f.Type())
			if tag := t.Tag(i); tag != "" {
				b.WriteString(" " + strconv.Quote(tag))
			}
		}
		b.WriteString("}")
	case *types.Interface:
		if t.Empty() {
			b.WriteString("any")
			return
		}
		b.WriteString("interface{")
		n := 0
		for i := 0; i < t.NumEmbeddeds(); i++ {
			if n > 0 {
				b.WriteString("; ")
			}
			c.writeType(b, t.EmbeddedType(i))
			n++
		}
		for i := 0; i < t.NumExplicitMethods(); i++ {
			if n > 0 {
				b.WriteString("; ")
			}
			m := t.ExplicitMethod(i)
			b.WriteString(m.Name())
			c.writeSignature(b, m.Type().(*types.Signature))
			n++
		}
		b.WriteString("}")
	case *types.Union:
		for i := 0; i < t.Len(); i++ {
			if i > 0 {
				b.WriteString(" | ")
			}
			if t.Term(i).Tilde() {
				b.WriteString("~")
			}
			c.writeType(b, t.Term(i).Type())
		}
	default:
		b.WriteString(types.TypeString(t, func(p *types.Package) string { return c.importName(p.Path(), p.Name()) }))
	}
}

func (c *compilation) writeObjName(b *strings.Builder, obj *types.TypeName) {
	switch {
	case obj.Pkg() == nil:
		b.WriteString(obj.Name())
	case obj.Pkg() == c.s.pkg:
		if n, ok := c.emitted(obj); ok {
			b.WriteString(n)
		} else {
			b.WriteString(obj.Name()) // a type local to a function
		}
	default:
		b.WriteString(c.importName(obj.Pkg().Path(), obj.Pkg().Name()) + "." + obj.Name())
	}
}

func (c *compilation) writeTypeArgs(b *strings.Builder, args *types.TypeList) {
	if args.Len() == 0 {
		return
	}
	b.WriteString("[")
	for i := 0; i < args.Len(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		c.writeType(b, args.At(i))
	}
	b.WriteString("]")
}

func (c *compilation) writeSignature(b *strings.Builder, sig *types.Signature) {
	b.WriteString("(")
	for i := 0; i < sig.Params().Len(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			b.WriteString("...")
			t = t.(*types.Slice).Elem()
		}
		c.writeType(b, t)
	}
	b.WriteString(")")
	switch sig.Results().Len() {
	case 0:
	case 1:
		b.WriteString(" ")
		c.writeType(b, sig.Results().At(0).Type())
	default:
		b.WriteString(" (")
		for i := 0; i < sig.Results().Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			c.writeType(b, sig.Results().At(i).Type())
		}
		b.WriteString(")")
	}
}
