package engine

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonote/kernel"
)

// compileErrorCases are cells the Go toolchain rejects. For each, the file
// given to go build is the cell below one line that declares the package,
// its imports and func main: cell line L is file line L+1, same column.
var compileErrorCases = []struct {
	name    string
	imports string // import paths, space separated
	cell    string
}{
	{name: "unused variable", imports: "fmt", cell: "for i := range 3 {\n\tfmt.Println(i)\n\ty := i\n}"},
	{name: "type mismatch", cell: "var s string = 42\n_ = s"},
	{name: "undefined name", imports: "fmt", cell: "fmt.Println(notDeclared)"},
	{name: "missing return", cell: "f := func() int {\n\tif true {\n\t\treturn 1\n\t}\n}\n_ = f"},
	{name: "wrong argument count", imports: "strings", cell: "_ = strings.Repeat(\"a\")"},
	{name: "assign to constant", cell: "const c = 1\nc = 2"},
	{name: "bad operation", cell: "a, b := \"x\", 1\n_ = a + b"},
	{name: "non-bool condition", cell: "n := 1\nif n {\n}"},
	{name: "unknown field", cell: "type T struct{ A int }\nv := T{B: 1}\n_ = v"},
	{name: "send to receive-only channel", cell: "var c <-chan int\nc <- 1"},
}

// TestCompileErrors checks, end to end through the engine, that a cell the
// Go toolchain rejects fails with go build's first message at the same cell
// line:column. The expected errors are in testdata/compile_errors.golden
// (one per line, message quoted); -update regenerates them with go build.
func TestCompileErrors(t *testing.T) {
	golden := filepath.Join("testdata", "compile_errors.golden")
	if *update {
		var b strings.Builder
		for _, tc := range compileErrorCases {
			fmt.Fprintf(&b, "%s\t%s\n", tc.name, strconv.Quote(goBuildError(t, tc.imports, tc.cell)))
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		name, quoted, _ := strings.Cut(sc.Text(), "\t")
		msg, err := strconv.Unquote(quoted)
		if err != nil {
			t.Fatalf("%s: %v", golden, err)
		}
		want[name] = msg
	}
	for _, tc := range compileErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			w, ok := want[tc.name]
			if !ok {
				t.Fatalf("no golden error for %q; run with -update", tc.name)
			}
			s, _ := newSession(t)
			res, c := run(t, s, tc.cell)
			if res.Status != kernel.StatusError || res.Error == nil {
				t.Fatalf("Execute(%q) = %q, stdout %q; want a compile error", tc.cell, res.Status, c.text(kernel.Stdout))
			}
			got := fmt.Sprintf("%d:%d: %s", res.Error.Line, res.Error.Col, res.Error.Message)
			if got != w || res.Error.Name != "compile error" {
				t.Errorf("Execute(%q) error = %s %q, want compile error %q (go build)", tc.cell, res.Error.Name, got, w)
			}
		})
	}
}

// buildErrRE matches go build's first error, "./main.go:L:C: message", and
// the indented lines that continue the message.
var buildErrRE = regexp.MustCompile(`(?m)^\./main\.go:(\d+):(\d+): (.*(?:\n\t.*)*)`)

// goBuildError builds the cell's equivalent file with the Go toolchain and
// returns its first error as "L:C: message" in cell coordinates.
func goBuildError(t *testing.T, imports, cell string) string {
	t.Helper()
	dir := t.TempDir()
	var head strings.Builder
	head.WriteString("package main; ")
	for _, p := range strings.Fields(imports) {
		fmt.Fprintf(&head, "import %q; ", p)
	}
	head.WriteString("func main() {\n")
	src := head.String() + cell + "\n}\n"
	for name, data := range map[string]string{"main.go": src, "go.mod": "module m\n\ngo 1.26\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go build accepted %q", cell)
	}
	m := buildErrRE.FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("go build output has no error line:\n%s", out)
	}
	line, _ := strconv.Atoi(m[1])
	return fmt.Sprintf("%d:%s: %s", line-1, m[2], m[3])
}
