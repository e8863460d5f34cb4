package cellc

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"sort"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
)

// stdlibZip holds the export data of every standard package a cell may
// import (and of golang.org/x/sync's errgroup, semaphore and singleflight):
// one deflated entry per package path, plus a "names" entry of "path name"
// lines. It is produced by go generate (internal/stdgen) and read
// lazily, one package at a time, so no Go toolchain is needed at run time.
//
//go:embed stdlib.zip
var stdlibZip []byte

// stdIndex maps package paths to zip entries and package names to paths.
type stdIndex struct {
	files  map[string]*zip.File
	byName map[string][]string // package name -> paths, preferred first
	names  map[string]string   // path -> package name
}

// loadIndex reads the table of contents of the embedded export data, once
// per session.
func loadIndex() (*stdIndex, error) {
	zr, err := zip.NewReader(bytes.NewReader(stdlibZip), int64(len(stdlibZip)))
	if err != nil {
		return nil, fmt.Errorf("read embedded standard library types: %w", err)
	}
	ix := &stdIndex{files: map[string]*zip.File{}, byName: map[string][]string{}, names: map[string]string{}}
	for _, f := range zr.File {
		if f.Name != "names" {
			ix.files[f.Name] = f
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			path, name, _ := strings.Cut(line, " ")
			ix.byName[name] = append(ix.byName[name], path)
			ix.names[path] = name
		}
	}
	for _, paths := range ix.byName {
		sort.Slice(paths, func(i, j int) bool { return preferPath(paths[i], paths[j]) })
	}
	return ix, nil
}

// preferPath orders candidate paths for one package name the way a reader
// expects goimports to choose: the standard library before other modules,
// then fewer path elements, then the shorter path, then alphabetical, so
// "rand" means math/rand and "template" means text/template.
func preferPath(a, b string) bool {
	ad, bd := strings.Contains(a, "."), strings.Contains(b, ".")
	if ad != bd {
		return !ad
	}
	an, bn := strings.Count(a, "/"), strings.Count(b, "/")
	if an != bn {
		return an < bn
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// importer loads packages from the embedded export data on first use. It
// belongs to one session.
type importer struct {
	fset     *token.FileSet
	ix       *stdIndex
	packages map[string]*types.Package // shared by every read, as gcexportdata requires
}

func newImporter(fset *token.FileSet) (*importer, error) {
	ix, err := loadIndex()
	if err != nil {
		return nil, err
	}
	return &importer{fset: fset, ix: ix, packages: map[string]*types.Package{}}, nil
}

// Import implements types.Importer.
func (im *importer) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p := im.packages[path]; p != nil && p.Complete() {
		return p, nil
	}
	f := im.ix.files[path]
	if f == nil {
		return nil, fmt.Errorf("package %s is not in the standard library", path)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open types of %s: %w", path, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("read types of %s: %w", path, err)
	}
	p, err := gcexportdata.Read(bytes.NewReader(data), im.fset, im.packages, path)
	if err != nil {
		return nil, fmt.Errorf("decode types of %s: %w", path, err)
	}
	return p, nil
}

// pathFor returns the import path a cell most likely means by a package
// name it uses without importing, or "" when no known package has that name.
func (im *importer) pathFor(name string) string {
	if paths := im.ix.byName[name]; len(paths) > 0 {
		return paths[0]
	}
	return ""
}

// pkgName returns the package name of the package at path: the declared
// name for known packages, else the path's last element.
func (im *importer) pkgName(path string) string {
	if n, ok := im.ix.names[path]; ok {
		return n
	}
	return path[strings.LastIndex(path, "/")+1:]
}
