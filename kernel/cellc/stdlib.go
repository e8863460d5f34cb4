package cellc

import (
	"bytes"
	"compress/flate"
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"slices"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
)

// stdlibZip holds the export data of every standard package a cell may
// import (and of golang.org/x/sync's errgroup, semaphore and singleflight),
// one deflated entry per package path. It is produced by go generate
// (internal/stdgen) with stdPackages, its table of contents, and read
// lazily, one package at a time, so no Go toolchain is needed at run time.
//
//go:embed stdlib.zip
var stdlibZip []byte

// stdPackage is one package of stdlibZip. stdPackages is a table the
// linker lays out, so a kernel starts without reading the zip's directory.
type stdPackage struct {
	path, name string
	off        int // of the entry's deflated data in stdlibZip
	size       int // deflated
	usize      int // inflated
}

// stdLookup returns the package at path, if stdlibZip has it.
func stdLookup(path string) (stdPackage, bool) {
	i, ok := slices.BinarySearchFunc(stdPackages, path, func(p stdPackage, path string) int {
		return strings.Compare(p.path, path)
	})
	if !ok {
		return stdPackage{}, false
	}
	return stdPackages[i], true
}

// exportData returns p's export data, inflated.
func (p stdPackage) exportData() ([]byte, error) {
	if p.off < 0 || p.size < 0 || p.off+p.size > len(stdlibZip) {
		return nil, fmt.Errorf("entry out of range")
	}
	r := flate.NewReader(bytes.NewReader(stdlibZip[p.off : p.off+p.size]))
	defer r.Close()
	data := make([]byte, p.usize)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, err
	}
	return data, nil
}

// preferPath orders candidate paths for one package name the way a reader
// expects goimports to choose: the standard library before other modules,
// then fewer path elements, then the shorter path, then text/ before
// others, then alphabetical. So "rand" means math/rand, and "template" and
// "scanner" mean text/template and text/scanner, the general-purpose ones,
// rather than html/template and go/scanner.
func preferPath(a, b string) bool {
	if at, bt := strings.HasPrefix(a, "text/"), strings.HasPrefix(b, "text/"); at != bt && strings.Count(a, "/") == strings.Count(b, "/") {
		return at
	}
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
	packages map[string]*types.Package // shared by every read, as gcexportdata requires
}

func newImporter(fset *token.FileSet) *importer {
	return &importer{fset: fset, packages: map[string]*types.Package{}}
}

// Import implements types.Importer.
func (im *importer) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p := im.packages[path]; p != nil && p.Complete() {
		return p, nil
	}
	sp, ok := stdLookup(path)
	if !ok {
		if slices.Contains(stdUnavailable, path) {
			return nil, fmt.Errorf("package %s is in the standard library but not available in gonote", path)
		}
		return nil, fmt.Errorf("package %s is not in the standard library", path)
	}
	data, err := sp.exportData()
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
	best := ""
	for _, p := range stdPackages {
		if p.name == name && (best == "" || preferPath(p.path, best)) {
			best = p.path
		}
	}
	return best
}

// pkgName returns the package name of the package at path: the declared
// name for known packages, else the path's last element.
func (im *importer) pkgName(path string) string {
	if p, ok := stdLookup(path); ok {
		return p.name
	}
	return path[strings.LastIndex(path, "/")+1:]
}
