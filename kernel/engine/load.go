package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"reflect"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/traefik/yaegi/interp"

	"gonote/kernel/engine/symbols"
)

// A session starts with no package loaded. Before yaegi compiles a cell,
// loadImports gives it the packages the cell imports, and what those need,
// the first time a cell of the session imports them: a kernel whose cells
// import fmt and time never builds the tables of net/http or go/types.
//
// A compiled package is loaded as one table: its own symbols (package
// symbols), then, over them, the session's overrides for that package in
// order (the sandbox's restrictions, the caller's extras, the output
// routing, the cell runtime), Used once. Loading it also loads its Deps,
// the packages whose interface wrappers yaegi may look up for it. A
// package served as interpreted source (sourcePackages) is loaded by
// putting its files in the session's in-memory GOPATH, where yaegi finds
// them, and loading what they import.

// reserve gives the interpreter an empty table for every compiled package a
// session may load, before any cell runs. yaegi reads its map of tables,
// without a lock, while interpreted code runs (to wrap a value as a
// compiled interface), and goroutines of earlier cells run while a later
// cell's packages load; with every key in place from the start, loading
// writes only into a table no running code can refer to yet (whatever
// refers to a package's interfaces loaded it, with its Deps, earlier).
func (s *Session) reserve() error {
	tables := interp.Exports{}
	for _, p := range symbols.Paths() {
		pkg, _ := symbols.Lookup(p)
		if _, ok := sourcePackages[p]; ok {
			p = binPath(p) // the compiled half of a source package
		}
		tables[useKey(p, pkg.Name)] = map[string]reflect.Value{}
	}
	for p, over := range s.over {
		if _, ok := symbols.Lookup(p); !ok {
			tables[useKey(p, over[0].name)] = map[string]reflect.Value{}
		}
	}
	return s.i.Use(tables)
}

// overrides are symbols Used over a package's own, by import path, in the
// order they were added.
type overrides map[string][]override

type override struct {
	name string // the package's name
	syms map[string]reflect.Value
}

// add adds the tables of e, keyed "path/name" as interp.Exports are. The
// key "." holds no package (but interface wrappers), and is skipped.
func (o overrides) add(e interp.Exports) {
	for key, syms := range e {
		if key == "." {
			continue
		}
		p := path.Dir(key)
		o[p] = append(o[p], override{path.Base(key), syms})
	}
}

// loadImports loads the packages file f imports.
func (s *Session) loadImports(f *ast.File) error {
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return err
		}
		if err := s.load(p); err != nil {
			return err
		}
	}
	return nil
}

// load loads the package at path and what it needs, unless it was loaded
// before. A path that names no package is left to yaegi to report.
func (s *Session) load(path string) error {
	if s.loaded[path] {
		return nil
	}
	s.loaded[path] = true
	files, gopath, ok, err := sourceFiles(path)
	if err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	if !ok {
		return s.loadCompiled(path)
	}
	for _, file := range files {
		if err := s.loadSource(path, file, gopath); err != nil {
			return fmt.Errorf("load %s: %w", path, err)
		}
	}
	return nil
}

// loadSource loads what a file of the source package at path imports,
// then puts the file in the GOPATH or compiles it in place.
func (s *Session) loadSource(path string, file sourceFile, gopath bool) error {
	if gopath {
		f, err := parser.ParseFile(token.NewFileSet(), file.name, file.src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		if err := s.loadImports(f); err != nil {
			return err
		}
		s.fsys["src/"+path+"/"+file.name] = &fstest.MapFile{Data: []byte(file.src)}
		return nil
	}
	f, err := parser.ParseFile(s.i.FileSet(), file.name, file.src, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	if err := s.loadImports(f); err != nil {
		return err
	}
	prog, err := s.i.CompileAST(f)
	if err != nil {
		return err
	}
	_, err = s.i.Execute(prog)
	return err
}

// loadCompiled Uses the table of the compiled package at path, with the
// session's overrides over it, after loading its Deps. The compiled half
// of a source package, at binPath, is the compiled package with the
// overrides of its own path.
func (s *Session) loadCompiled(path string) error {
	own := strings.TrimPrefix(path, binPrefix)
	var name string
	var table map[string]reflect.Value
	if pkg, ok := symbols.Lookup(own); ok {
		for _, d := range pkg.Deps {
			if err := s.load(d); err != nil {
				return err
			}
		}
		name, table = pkg.Name, pkg.Symbols()
	}
	for _, o := range s.over[own] {
		if table == nil {
			name, table = o.name, map[string]reflect.Value{}
		}
		for k, v := range o.syms {
			table[k] = v
		}
	}
	if table == nil {
		return nil
	}
	if err := s.i.Use(interp.Exports{useKey(path, name): table}); err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	return nil
}

// useKey is the key under which the table of package name at path is
// Used. yaegi takes a table keyed "fmt/fmt" for its whole standard
// library: Using one rebinds fmt, log, os and flag to the interpreter's
// streams and compiles yaegi's generic sources (cmp, maps, slices), again
// on each such Use. A session does the first itself, per package
// (restrictions, stdio), and serves the generic sources on import
// (sourcePackages), so fmt's key gets a "." element, which yaegi's
// path.Dir cleans away but its test for "fmt/fmt" does not.
func useKey(path, name string) string {
	if path == "fmt" && name == "fmt" {
		return "fmt/./fmt"
	}
	return path + "/" + name
}
