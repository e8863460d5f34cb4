package engine

import (
	"embed"
	"fmt"
	"go/constant"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strings"

	gen "github.com/traefik/yaegi/stdlib/generic"

	"gonote/kernel/engine/symbols"
)

// stdSources holds interpreted Go source for standard-library API that is
// generic and so cannot be extracted as compiled symbols. Each file starts
// with a "go:build ignore" line so that the go command leaves it alone.
//
//go:embed std/*.go
var stdSources embed.FS

// binPrefix starts the path where the compiled symbols of a package served
// as interpreted source (sync, sync/atomic) are registered instead of its
// own path. A compiled package always wins over a source package of the
// same path in yaegi, so the compiled half moves aside and the source half
// aliases it.
const binPrefix = "gonote/std/bin/"

func binPath(path string) string { return binPrefix + path }

// sourcePackages lists the standard packages served as interpreted source,
// because their API is generic:
//
//   - cmp, maps and slices, as yaegi serves them: its own generic source of
//     the package, with, for maps and slices, the newer API from std/,
//     compiled into the interpreter (imported from a GOPATH, yaegi crashes
//     instantiating their constrained generic functions);
//   - iter, sync and sync/atomic, from the in-memory GOPATH, where yaegi
//     finds them when a cell first imports them; sync and sync/atomic
//     alias their compiled half, moved to binPath.
var sourcePackages = map[string]struct {
	yaegi   bool   // starts from yaegi's generic source, compiled in place
	file    string // the file in std/ that adds to it
	aliased bool   // re-exports the compiled package, moved to binPath
}{
	"cmp":         {yaegi: true},
	"maps":        {yaegi: true, file: "std/maps.go"},
	"slices":      {yaegi: true, file: "std/slices.go"},
	"iter":        {file: "std/iter.go"},
	"sync":        {file: "std/sync.go", aliased: true},
	"sync/atomic": {file: "std/atomic.go", aliased: true},
}

func pkgName(path string) string { return path[strings.LastIndexByte(path, '/')+1:] }

// sourceFile is a file of a package served as source.
type sourceFile struct{ name, src string }

// sourceFiles returns the files of the package at path, in the order they
// are compiled, when it is served as interpreted source, and whether they
// go to the GOPATH (else they are compiled in place). ok is false when the
// package is not served as source.
func sourceFiles(path string) (files []sourceFile, gopath, ok bool, err error) {
	p, ok := sourcePackages[path]
	if !ok {
		return nil, false, false, nil
	}
	name := pkgName(path)
	if p.yaegi {
		src, err := yaegiSource(name)
		if err != nil {
			return nil, false, false, err
		}
		files = append(files, sourceFile{"yaegi_" + name + ".go", src})
	}
	if p.aliased {
		pkg, ok := symbols.Lookup(path)
		if !ok {
			return nil, false, false, fmt.Errorf("no compiled symbols for %s", path)
		}
		files = append(files, sourceFile{"aliases.go", aliasSource(name, binPath(path), pkg.Symbols())})
	}
	if p.file != "" {
		src, err := stdSource(p.file)
		if err != nil {
			return nil, false, false, err
		}
		// A file name of its own keeps this file's imports apart from
		// those of the other files of the package.
		files = append(files, sourceFile{"gonote_std_" + name + ".go", src})
	}
	return files, !p.yaegi, true, nil
}

// yaegiSource returns yaegi's generic source of the package named name.
func yaegiSource(name string) (string, error) {
	for _, src := range gen.Sources {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
		if err != nil {
			return "", fmt.Errorf("parse yaegi's generic sources: %w", err)
		}
		if f.Name.Name == name {
			return src, nil
		}
	}
	return "", fmt.Errorf("yaegi has no generic source of %s", name)
}

// stdSource reads an embedded source file without its build constraint.
func stdSource(name string) (string, error) {
	b, err := stdSources.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	return strings.Replace(string(b), "//go:build ignore\n", "", 1), nil
}

// aliasSource writes a package that re-exports every compiled symbol of the
// package at bin: types as aliases, everything else as variables.
func aliasSource(name, bin string, syms map[string]reflect.Value) string {
	names := make([]string, 0, len(syms))
	for n := range syms {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "package %s\n\nimport bin %q\n\n", name, bin)
	for _, n := range names {
		v := syms[n]
		switch {
		case v.Kind() == reflect.Pointer && v.IsNil():
			fmt.Fprintf(&b, "type %s = bin.%s\n", n, n)
		case v.Type() == reflect.TypeOf((*constant.Value)(nil)).Elem() || v.Kind() == reflect.Interface:
			fmt.Fprintf(&b, "const %s = bin.%s\n", n, n)
		default:
			fmt.Fprintf(&b, "var %s = bin.%s\n", n, n)
		}
	}
	return b.String()
}
