// Command stdgen writes the type information of the standard library (and
// the few extra packages cells may import) as gcexportdata, one deflated zip
// entry per package, so the cell compiler can type-check cells without a Go
// toolchain at run time. It runs under go generate in kernel/cellc.
//
//	go run ./internal/stdgen -o stdlib.zip
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"log"
	"os"
	"os/exec"
	"sort"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
)

// extra lists non-standard packages cells may import; the kernel provides
// their symbols.
var extra = []string{
	"golang.org/x/sync/errgroup",
	"golang.org/x/sync/semaphore",
	"golang.org/x/sync/singleflight",
}

func main() {
	out := flag.String("o", "stdlib.zip", "output file")
	flag.Parse()
	if err := run(*out); err != nil {
		log.Fatal(err)
	}
}

func run(out string) error {
	list, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		return fmt.Errorf("go list std: %w", err)
	}
	var paths []string
	for _, p := range strings.Fields(string(list)) {
		if skip(p) {
			continue
		}
		paths = append(paths, p)
	}
	paths = append(paths, extra...)
	sort.Strings(paths)

	args := append([]string{"list", "-export", "-f", "{{.ImportPath}} {{.Export}}"}, paths...)
	listed, err := exec.Command("go", args...).Output()
	if err != nil {
		return fmt.Errorf("go list -export: %w", err)
	}
	exports := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(listed)), "\n") {
		path, file, _ := strings.Cut(line, " ")
		exports[path] = file
	}
	fset := token.NewFileSet()
	imports := map[string]*types.Package{}
	var buf, names bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range paths {
		pkg, err := readExport(fset, imports, p, exports[p])
		if err != nil {
			return fmt.Errorf("import %s: %w", p, err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if err := gcexportdata.Write(w, fset, pkg); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
		fmt.Fprintf(&names, "%s %s\n", pkg.Path(), pkg.Name())
	}
	// The package names, one "path name" line each, so the compiler can
	// resolve a package name to a path (for added imports) without
	// reading the export data.
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "names", Method: zip.Deflate})
	if err != nil {
		return err
	}
	if _, err := w.Write(names.Bytes()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// readExport reads the compiler's export data for one package.
func readExport(fset *token.FileSet, imports map[string]*types.Package, path, file string) (*types.Package, error) {
	if file == "" {
		return nil, fmt.Errorf("no export data")
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, err
	}
	return gcexportdata.Read(r, fset, imports, path)
}

// skip reports whether a standard package is of no use to a cell: internal
// and vendored packages, and packages yaegi can never provide.
func skip(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if part == "internal" || part == "vendor" {
			return true
		}
	}
	switch {
	case strings.HasPrefix(p, "cmd/"), strings.HasPrefix(p, "runtime/cgo"),
		p == "plugin", p == "unsafe", p == "runtime/race", p == "runtime/msan", p == "runtime/asan",
		strings.HasPrefix(p, "testing/cryptotest"):
		return true
	}
	return false
}
