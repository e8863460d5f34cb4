package cellc

import (
	"archive/zip"
	"bytes"
	"go/token"
	"strings"
	"testing"

	"gonote/kernel/internal/stdpkgs"
)

// TestStdIndex checks the generated table of contents against the zip it
// describes: every entry, where its data lies and how long it is, and that
// each package's export data decodes to a package of the listed name.
func TestStdIndex(t *testing.T) {
	zr, err := zip.NewReader(bytes.NewReader(stdlibZip), int64(len(stdlibZip)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(stdPackages) {
		t.Fatalf("stdlib.zip has %d entries, stdPackages %d: run go generate", len(zr.File), len(stdPackages))
	}
	im := newImporter(token.NewFileSet())
	for i, f := range zr.File {
		p := stdPackages[i]
		off, err := f.DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != p.path || f.Method != zip.Deflate || off != int64(p.off) ||
			f.CompressedSize64 != uint64(p.size) || f.UncompressedSize64 != uint64(p.usize) {
			t.Errorf("entry %d is %s (method %d) at %d, %d bytes (%d inflated); stdPackages has %+v: run go generate",
				i, f.Name, f.Method, off, f.CompressedSize64, f.UncompressedSize64, p)
			continue
		}
		if i > 0 && stdPackages[i-1].path >= p.path {
			t.Errorf("stdPackages is not sorted: %s before %s", stdPackages[i-1].path, p.path)
		}
		pkg, err := im.Import(p.path)
		if err != nil {
			t.Errorf("import %s: %v", p.path, err)
			continue
		}
		if pkg.Name() != p.name || im.pkgName(p.path) != p.name {
			t.Errorf("%s: package %s, listed as %s", p.path, pkg.Name(), p.name)
		}
	}
	for name, want := range map[string]string{
		"rand": "math/rand", "template": "text/template", "errgroup": "golang.org/x/sync/errgroup",
		"atomic": "sync/atomic", "scanner": "text/scanner", "pprof": "runtime/pprof", "heap": "container/heap", "nosuchpackage": "",
	} {
		if got := im.pathFor(name); got != want {
			t.Errorf("pathFor(%q) = %q, want %q", name, got, want)
		}
	}
	if _, err := im.Import("no/such/package"); err == nil || !strings.Contains(err.Error(), "not in the standard library") {
		t.Errorf("importing a path outside the standard library: %v", err)
	}
	for _, path := range append([]string{"os/exec", "unique"}, stdpkgs.LeftOut...) {
		if _, err := im.Import(path); err == nil || !strings.Contains(err.Error(), "not available in gonote") {
			t.Errorf("importing %s: %v, want it not available", path, err)
		}
	}
	for _, path := range stdpkgs.Importable {
		if _, ok := stdLookup(path); !ok {
			t.Errorf("%s is importable but has no types: run go generate", path)
		}
	}
	if got := im.pkgName("example.com/v2/thing"); got != "thing" {
		t.Errorf("pkgName of an unknown path = %q, want its last element", got)
	}
}
