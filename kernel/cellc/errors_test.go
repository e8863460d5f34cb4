package cellc

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// compileErrorCases are programs with one compile error each. Their
// expected errors come from the Go toolchain (go build), stored in
// testdata/errors.golden.json and rewritten by -update.
var compileErrorCases = []struct{ name, src string }{
	{"unused variable", "package main\n\nfunc main() {\n\tx := 1\n}\n"},
	{"unused in closure", "package main\n\nfunc main() {\n\tf := func() {\n\t\ty := 2\n\t}\n\tf()\n}\n"},
	{"unused range variable", "package main\n\nfunc main() {\n\tfor i := range 10 {\n\t}\n}\n"},
	{"missing return", "package main\n\nfunc f(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n}\n\nfunc main() { _ = f(1) }\n"},
	{"wrong type", "package main\n\nfunc main() {\n\tvar x int = \"s\"\n\t_ = x\n}\n"},
	{"undefined", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(undefinedThing)\n}\n"},
	{"argument count", "package main\n\nfunc f(a, b int) {}\n\nfunc main() {\n\tf(1)\n}\n"},
	{"assignment mismatch", "package main\n\nfunc f() int { return 1 }\n\nfunc main() {\n\ta, b := f()\n\t_, _ = a, b\n}\n"},
	{"non-bool condition", "package main\n\nfunc main() {\n\tx := 1\n\tif x {\n\t}\n}\n"},
	{"unused result", "package main\n\nfunc main() {\n\tx := 1\n\tx + 1\n}\n"},
	{"break outside loop", "package main\n\nfunc main() {\n\tbreak\n}\n"},
	{"redeclared", "package main\n\nfunc main() {\n\tx := 1\n\tvar x int\n\t_ = x\n}\n"},
	{"missing method", "package main\n\ntype S struct{}\n\nfunc main() {\n\tvar e error = S{}\n\t_ = e\n}\n"},
	{"mismatched types", "package main\n\nfunc main() {\n\ta, b := 1, \"x\"\n\t_ = a + b\n}\n"},
	{"too many return values", "package main\n\nfunc f() int {\n\treturn 1, 2\n}\n\nfunc main() { f() }\n"},
	{"not a function", "package main\n\nfunc main() {\n\tx := 1\n\tx()\n}\n"},
	{"string element", "package main\n\nfunc main() {\n\ts := \"abc\"\n\ts[0] = 'x'\n}\n"},
	{"division by zero", "package main\n\nfunc main() {\n\tx := 1 / 0\n\t_ = x\n}\n"},
	{"unused label", "package main\n\nfunc main() {\nL:\n\tfor {\n\t}\n}\n"},
	{"send on receive-only", "package main\n\nfunc main() {\n\tvar c <-chan int\n\tc <- 1\n}\n"},
}

type wantError struct {
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Msg  string `json:"msg"`
}

// TestCompileErrors compares the compiler's error for each case, message
// and line:column, with the Go toolchain's.
func TestCompileErrors(t *testing.T) {
	want := jsonGolden(t, filepath.Join("testdata", "errors.golden.json"), func() map[string]wantError {
		want := map[string]wantError{}
		for _, tc := range compileErrorCases {
			want[tc.name] = goBuildError(t, tc.src)
		}
		return want
	})
	for _, tc := range compileErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			w, ok := want[tc.name]
			if !ok {
				t.Fatalf("no golden error for %q (run go test -update)", tc.name)
			}
			_, err := NewSession().Compile(tc.src, 1)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Compile(%q) = %v, want a compile error", tc.src, err)
			}
			// go build prints a message's further lines (have/want)
			// under it; the golden keeps the first.
			msg, _, _ := strings.Cut(ce.Msg, "\n")
			got := wantError{Line: ce.Line, Col: ce.Col, Msg: msg}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("Compile(%q) error (-go build +cellc):\n%s", tc.src, diff)
			}
		})
	}
}

var buildErrorLine = regexp.MustCompile(`(?m)^\./main\.go:(\d+):(\d+): (.*)$`)

// goBuildError builds src with the Go toolchain and returns its first error.
func goBuildError(t *testing.T, src string) wantError {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go build succeeded for %q", src)
	}
	m := buildErrorLine.FindSubmatch(out)
	if m == nil {
		t.Fatalf("no error line in go build output:\n%s", out)
	}
	line, _ := strconv.Atoi(string(m[1]))
	col, _ := strconv.Atoi(string(m[2]))
	return wantError{Line: line, Col: col, Msg: string(m[3])}
}

// jsonGolden returns the expectations stored as JSON at path; with
// -update it first rewrites the file with what generate returns, which asks
// the Go toolchain.
func jsonGolden[T any](t *testing.T, path string, generate func() map[string]T) map[string]T {
	t.Helper()
	if *update {
		data, err := json.MarshalIndent(generate(), "", "\t")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]T
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	return want
}
