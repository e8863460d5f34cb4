// Package symbols holds the compiled packages cells can import: the
// standard library (the packages yaegi offers, at the Go version of the
// toolchain, plus testing/synctest) and golang.org/x/sync.
//
// A package's symbol table is built when it is looked up and asked for,
// not when the process starts: a kernel pays only for the packages its
// cells import. Generic functions and types cannot be compiled ahead; the
// engine supplies them as interpreted source instead.
//
// The files other than symbols.go, maptypes.go, composed.go and
// restricted.go are written by "go generate" (./internal/symgen, with
// yaegi's extractor at the version in go.mod); never edit them by hand.
// index.go lists the packages as static data, so that a process pays
// nothing for them until a table is built.
package symbols

import (
	"reflect"
	"slices"
	"strings"
)

//go:generate go run ./internal/symgen

// Package is a compiled package cells can import.
type Package struct {
	// Path is the import path and Name the package's name.
	Path, Name string
	// Deps are the other packages whose interface types the package's API
	// reaches. yaegi wraps an interpreted value passed as a compiled
	// interface in a wrapper it looks up in the table of the interface's
	// own package, so Deps must be loaded with the package.
	Deps  []string
	table func() map[string]reflect.Value
}

// Symbols builds the package's table, as interp.Interpreter.Use expects
// it under the key Path+"/"+Name. Each call builds a new map, which the
// caller owns.
func (p Package) Symbols() map[string]reflect.Value { return p.table() }

// constrained holds the packages that exist only where their build
// constraints hold (none at present). Their files' init functions add them; it
// is never changed afterwards.
var constrained []Package

// Lookup returns the package at path.
func Lookup(path string) (Package, bool) {
	if i, ok := slices.BinarySearchFunc(index[:], path, func(p Package, path string) int {
		return strings.Compare(p.Path, path)
	}); ok {
		return index[i], true
	}
	for _, p := range constrained {
		if p.Path == path {
			return p, true
		}
	}
	return Package{}, false
}

// Paths returns the import paths of all packages, sorted.
func Paths() []string {
	var paths []string
	for _, p := range slices.Concat(index[:], constrained) {
		paths = append(paths, p.Path)
	}
	slices.Sort(paths)
	return paths
}
