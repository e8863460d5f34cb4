package engine

import (
	"embed"
	"fmt"
	"go/constant"
	"reflect"
	"sort"
	"strings"
	"testing/fstest"

	"github.com/traefik/yaegi/interp"

	"gonote/kernel/engine/symbols"
)

// stdSources holds interpreted Go source for standard-library API that is
// generic and so cannot be extracted as compiled symbols. Each file starts
// with a "go:build ignore" line so that the go command leaves it alone.
//
//go:embed std/*.go
var stdSources embed.FS

// binPath is where the compiled symbols of a package served as interpreted
// source (sync, sync/atomic) are registered instead of their own path. A
// compiled package always wins over a source package of the same path in
// yaegi, so the compiled half moves aside and the source half aliases it.
func binPath(path string) string { return "gonote/std/bin/" + path }

// sourceServed lists the standard packages served as interpreted source:
// generated aliases of the compiled symbols plus the file in std/.
var sourceServed = []struct{ path, file string }{
	{"sync", "std/sync.go"},
	{"sync/atomic", "std/atomic.go"},
}

// exports returns the compiled symbols a session Uses: every package of
// package symbols and the interface wrappers of symbols.MapTypes, with the
// source-served packages moved to their binPath.
func exports() interp.Exports {
	all := interp.Exports{".": {"MapTypes": reflect.ValueOf(symbols.MapTypes())}}
	for _, path := range symbols.Paths() {
		pkg, _ := symbols.Lookup(path)
		all[path+"/"+pkg.Name] = pkg.Symbols()
	}
	for _, p := range sourceServed {
		key := p.path + "/" + pkgName(p.path)
		all[binPath(p.path)+"/"+pkgName(p.path)] = all[key]
		delete(all, key)
	}
	return all
}

func pkgName(path string) string { return path[strings.LastIndexByte(path, '/')+1:] }

// loadStd makes the generic standard-library API available: it adds to the
// interpreted slices and maps packages yaegi compiled, and puts iter, sync
// and sync/atomic in fsys, where yaegi finds them as GOPATH sources when a
// cell first imports them. syms is what exports returned.
func loadStd(i *interp.Interpreter, fsys fstest.MapFS, syms interp.Exports) error {
	for _, f := range []string{"slices", "maps"} {
		src, err := stdSource("std/" + f + ".go")
		if err != nil {
			return err
		}
		// A file name of its own keeps this file's imports apart from
		// those of the file yaegi compiled into the same package.
		name := "gonote_std_" + f + ".go"
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
		if _, err := i.EvalPath(name); err != nil {
			return fmt.Errorf("compile %s additions: %w", f, err)
		}
	}
	src, err := stdSource("std/iter.go")
	if err != nil {
		return err
	}
	fsys["src/iter/iter.go"] = &fstest.MapFile{Data: []byte(src)}
	for _, p := range sourceServed {
		src, err := stdSource(p.file)
		if err != nil {
			return err
		}
		aliases := aliasSource(pkgName(p.path), binPath(p.path), syms[binPath(p.path)+"/"+pkgName(p.path)])
		fsys["src/"+p.path+"/aliases.go"] = &fstest.MapFile{Data: []byte(aliases)}
		fsys["src/"+p.path+"/generic.go"] = &fstest.MapFile{Data: []byte(src)}
	}
	return nil
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
