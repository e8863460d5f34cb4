// Command symgen writes the symbol tables of the compiled packages cells
// can import: one file per package, holding a function that builds the
// package's table when the engine first needs it, and index.go, which
// lists every package with its name, that function and its wrapper
// dependencies as static data, so that no code runs for them when a
// process starts. It runs under go generate in kernel/engine/symbols, from
// that directory.
//
// The tables are yaegi's extract of each package at the Go version that
// runs symgen, rewritten from "filled by init" to "built on demand": a
// process that imports them pays for a table only when a cell imports its
// package.
//
//	go run ./internal/symgen
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"go/importer"
	"go/token"
	"go/types"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/traefik/yaegi/extract"
)

// packages lists what cells can import as compiled code: the standard
// library yaegi v0.16.1 offers (its list, not all of std: os/exec, plugin
// and the like stay out of cells' reach), testing/synctest, and
// golang.org/x/sync. Generic API cannot be compiled ahead; the engine
// serves it as interpreted source.
var packages = []string{
	"archive/tar", "archive/zip",
	"bufio", "bytes",
	"cmp",
	"compress/bzip2", "compress/flate", "compress/gzip", "compress/lzw", "compress/zlib",
	"container/heap", "container/list", "container/ring",
	"context",
	"crypto", "crypto/aes", "crypto/cipher", "crypto/des", "crypto/dsa", "crypto/ecdh", "crypto/ecdsa",
	"crypto/ed25519", "crypto/elliptic", "crypto/hmac", "crypto/md5", "crypto/rand", "crypto/rc4",
	"crypto/rsa", "crypto/sha1", "crypto/sha256", "crypto/sha512", "crypto/subtle", "crypto/tls",
	"crypto/x509", "crypto/x509/pkix",
	"database/sql", "database/sql/driver",
	"debug/buildinfo", "debug/dwarf", "debug/elf", "debug/gosym", "debug/macho", "debug/pe", "debug/plan9obj",
	"encoding", "encoding/ascii85", "encoding/asn1", "encoding/base32", "encoding/base64", "encoding/binary",
	"encoding/csv", "encoding/gob", "encoding/hex", "encoding/json", "encoding/pem", "encoding/xml",
	"errors", "expvar", "flag", "fmt",
	"go/ast", "go/build", "go/build/constraint", "go/constant", "go/doc", "go/doc/comment", "go/format",
	"go/importer", "go/parser", "go/printer", "go/scanner", "go/token", "go/types", "go/version",
	"hash", "hash/adler32", "hash/crc32", "hash/crc64", "hash/fnv", "hash/maphash",
	"html", "html/template",
	"image", "image/color", "image/color/palette", "image/draw", "image/gif", "image/jpeg", "image/png",
	"index/suffixarray",
	"io", "io/fs", "io/ioutil",
	"log", "log/slog", "log/syslog",
	"maps",
	"math", "math/big", "math/bits", "math/cmplx", "math/rand", "math/rand/v2",
	"mime", "mime/multipart", "mime/quotedprintable",
	"net", "net/http", "net/http/cgi", "net/http/cookiejar", "net/http/fcgi", "net/http/httptest",
	"net/http/httptrace", "net/http/httputil", "net/http/pprof", "net/mail", "net/netip", "net/rpc",
	"net/rpc/jsonrpc", "net/smtp", "net/textproto", "net/url",
	"os", "os/signal", "os/user",
	"path", "path/filepath",
	"reflect", "regexp", "regexp/syntax",
	"runtime", "runtime/debug", "runtime/metrics", "runtime/pprof", "runtime/trace",
	"slices", "sort", "strconv", "strings", "sync", "sync/atomic",
	"testing", "testing/fstest", "testing/iotest", "testing/quick", "testing/slogtest", "testing/synctest",
	"text/scanner", "text/tabwriter", "text/template", "text/template/parse",
	"time",
	"unicode", "unicode/utf16", "unicode/utf8",

	"golang.org/x/sync/errgroup", "golang.org/x/sync/semaphore", "golang.org/x/sync/singleflight",
}

// constraints are the build constraints of packages that do not exist
// everywhere.
var constraints = map[string]string{
	"log/syslog": "!windows && !plan9",
}

// mapTypeDeps are the packages of the interfaces that maptypes.go in
// package symbols lists for functions of a package: yaegi looks up their
// wrappers when a cell calls those functions, so they load with it.
var mapTypeDeps = map[string][]string{
	"log":           {"fmt"},
	"encoding/json": {"encoding"},
	"encoding/xml":  {"encoding"},
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("symgen: ")
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	old, err := filepath.Glob("*.go")
	if err != nil {
		return err
	}
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	known := map[string]bool{}
	for _, p := range packages {
		known[p] = true
	}
	written := map[string]bool{"index.go": true}
	var entries []entry
	for _, p := range packages {
		pkg, err := imp.Import(p)
		if err != nil {
			return fmt.Errorf("import %s: %w", p, err)
		}
		e := entry{path: p, name: pkg.Name(), deps: deps(pkg, known)}
		src, err := generate(e)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if src == nil {
			continue // nothing compiled: all of its API is generic
		}
		name := fileName(p)
		if err := os.WriteFile(name, src, 0o644); err != nil {
			return err
		}
		written[name] = true
		entries = append(entries, e)
	}
	index, err := indexSource(entries)
	if err != nil {
		return err
	}
	if err := os.WriteFile("index.go", index, 0o644); err != nil {
		return err
	}
	// Remove the tables of packages no longer listed.
	for _, f := range old {
		if written[f] || !generated(f) {
			continue
		}
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	return nil
}

// header starts every file symgen writes.
const header = "// Code generated by symgen; DO NOT EDIT.\n"

// generated reports whether file f was written by symgen.
func generated(f string) bool {
	b, err := os.ReadFile(f)
	return err == nil && bytes.HasPrefix(b, []byte(header))
}

// fileName is the file of the package at path, named as yaegi extract
// names it.
func fileName(path string) string {
	return strings.NewReplacer(".", "_", "/", "-").Replace(path) + ".go"
}

// builderName is the name of the function that builds path's table.
func builderName(path string) string {
	return "table_" + strings.NewReplacer(".", "_", "/", "_", "-", "_").Replace(path)
}

var (
	buildLine = regexp.MustCompile(`(?m)^(//go:build|// \+build) .*\n\n?`)
	firstLine = regexp.MustCompile(`^// Code generated by .* DO NOT EDIT\.\n`)
	initFunc  = regexp.MustCompile(`(?m)^func init\(\) \{\n\tSymbols\["([^"]+)"\] = map\[string\]reflect\.Value\{`)
	emptyInit = regexp.MustCompile(`(?m)^func init\(\) \{\n\tSymbols\["[^"]+"\] = map\[string\]reflect\.Value\{\}\n\}\n`)
)

// entry is a package symgen writes.
type entry struct {
	path, name string
	deps       []string
}

// literal is the Package literal of e.
func (e entry) literal() string {
	quoted := make([]string, len(e.deps))
	for i, d := range e.deps {
		quoted[i] = fmt.Sprintf("%q", d)
	}
	return fmt.Sprintf("{Path: %q, Name: %q, Deps: []string{%s}, table: %s}",
		e.path, e.name, strings.Join(quoted, ", "), builderName(e.path))
}

// generate extracts the package of e with yaegi and rewrites the file so
// that a function builds the table its init used to build. It returns nil
// when the package has no compiled symbols. A package that does not exist
// everywhere registers itself in its file's init, under its constraint.
func generate(e entry) ([]byte, error) {
	var buf bytes.Buffer
	ext := extract.Extractor{Dest: "symbols"}
	if _, err := ext.Extract(e.path, "", &buf); err != nil {
		return nil, err
	}
	src := buf.Bytes()
	if emptyInit.Match(src) {
		return nil, nil
	}
	if !firstLine.Match(src) {
		return nil, fmt.Errorf("extract wrote no generated-code header")
	}
	src = firstLine.ReplaceAll(src, nil)
	src = buildLine.ReplaceAll(src, nil)
	m := initFunc.FindAllSubmatchIndex(src, -1)
	if len(m) != 1 {
		return nil, fmt.Errorf("extract wrote %d table inits, want 1", len(m))
	}
	key := string(src[m[0][2]:m[0][3]])
	if want := e.path + "/" + e.name; key != want {
		return nil, fmt.Errorf("extract keyed the table %q, want %q", key, want)
	}
	builder := builderName(e.path)
	var b bytes.Buffer
	b.WriteString(header)
	c := constraints[e.path]
	if c != "" {
		fmt.Fprintf(&b, "\n//go:build %s\n", c)
	}
	b.Write(src[:m[0][0]])
	if c != "" {
		fmt.Fprintf(&b, "func init() {\n\tconstrained = append(constrained, Package%s)\n}\n\n", e.literal())
	}
	fmt.Fprintf(&b, "// %s builds the table of package %s.\nfunc %s() map[string]reflect.Value {\n\treturn map[string]reflect.Value{", builder, e.path, builder)
	b.Write(src[m[0][1]:])
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format: %w", err)
	}
	return out, nil
}

// indexSource writes index.go: the packages that exist everywhere, sorted
// by path.
func indexSource(entries []entry) ([]byte, error) {
	sort.Slice(entries, func(i, j int) bool { return entries[i].path < entries[j].path })
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("\npackage symbols\n\n// index lists the packages, sorted by path; those with build constraints\n// are in constrained.\nvar index = [...]Package{\n")
	for _, e := range entries {
		if constraints[e.path] == "" {
			fmt.Fprintf(&b, "\t%s,\n", e.literal())
		}
	}
	b.WriteString("}\n")
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format index: %w", err)
	}
	return out, nil
}

// deps returns the other listed packages whose interface types the
// exported API of pkg reaches, through signatures, fields, methods and
// element types, in any number of steps. yaegi wraps an interpreted value
// passed where a compiled interface is expected in a wrapper it finds in
// the table of the interface's own package, so those tables must be
// loaded whenever pkg's is.
func deps(pkg *types.Package, known map[string]bool) []string {
	w := walker{seen: map[types.Type]bool{}, found: map[string]bool{}}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		if o := scope.Lookup(name); o.Exported() {
			w.walk(o.Type())
		}
	}
	for _, d := range mapTypeDeps[pkg.Path()] {
		w.found[d] = true
	}
	var list []string
	for p := range w.found {
		if p != pkg.Path() && known[p] {
			list = append(list, p)
		}
	}
	sort.Strings(list)
	return list
}

// walker collects the packages of the named interface types it reaches.
type walker struct {
	seen  map[types.Type]bool
	found map[string]bool
}

func (w *walker) walk(t types.Type) {
	switch t := t.(type) {
	case *types.Alias:
		w.walk(types.Unalias(t))
	case *types.Named:
		if w.seen[t] {
			return
		}
		w.seen[t] = true
		if obj := t.Obj(); obj.Pkg() != nil && obj.Exported() && types.IsInterface(t) {
			w.found[obj.Pkg().Path()] = true
		}
		for i := range t.TypeArgs().Len() {
			w.walk(t.TypeArgs().At(i))
		}
		w.walk(t.Underlying())
		for i := range t.NumMethods() {
			if m := t.Method(i); m.Exported() {
				w.walk(m.Type())
			}
		}
	case *types.Pointer:
		w.walk(t.Elem())
	case *types.Slice:
		w.walk(t.Elem())
	case *types.Array:
		w.walk(t.Elem())
	case *types.Chan:
		w.walk(t.Elem())
	case *types.Map:
		w.walk(t.Key())
		w.walk(t.Elem())
	case *types.Signature:
		w.walkTuple(t.Params())
		w.walkTuple(t.Results())
	case *types.Struct:
		for i := range t.NumFields() {
			if f := t.Field(i); f.Exported() || f.Embedded() {
				w.walk(f.Type())
			}
		}
	case *types.Interface:
		for i := range t.NumMethods() {
			if m := t.Method(i); m.Exported() {
				w.walk(m.Type())
			}
		}
	}
}

func (w *walker) walkTuple(t *types.Tuple) {
	for i := range t.Len() {
		w.walk(t.At(i).Type())
	}
}
