// Package web holds gonote's browser front end: TypeScript sources in src/,
// bundled by esbuild (build.mjs, run by `make web`) into dist/, which is
// committed and embedded here so that `go build` needs no Node.
//
// Invariant: dist/SOURCES holds the hash of every input the bundle was built
// from (see SourceHash); the package test recomputes it from the files, so a
// source edited without a rebuild fails `go test`.
package web

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// Assets is the built front end: index.html, app.js, app.css, favicon.svg
// and SOURCES at its root. The server serves index.html for every page and
// the rest under /assets/.
var Assets fs.FS = mustSub(dist, "dist")

// Index is the name of the page every route of the front end serves.
const Index = "index.html"

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // dir is a constant embedded above: it always exists
	}
	return sub
}
