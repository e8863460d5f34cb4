package cellc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// outsideCompiler lists conformance programs that need more than the
// compiler and bare yaegi, with the reason. The kernel's own conformance
// run (gonote exec) covers them with the engine's additions.
var outsideCompiler = map[string]string{
	"13_sync_once": "sync.OnceValue is generic; the engine serves it as interpreted source, this test runs bare yaegi",
}

// TestConformance runs the conformance programs as single cells through the
// compiler and yaegi and compares their output with Go's.
func TestConformance(t *testing.T) {
	files, err := filepath.Glob("../testdata/conformance/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance programs: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".go")
		t.Run(name, func(t *testing.T) {
			if why, ok := outsideCompiler[name]; ok {
				t.Skip(why)
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(file, ".go") + ".out")
			if err != nil {
				t.Fatal(err)
			}
			y := newYaegiSession(t)
			got, err := y.run(string(src))
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if got != string(want) {
				t.Errorf("output differs\n--- got\n%s\n--- want\n%s", got, want)
			}
		})
	}
}

// TestConformanceOneSession runs every conformance program twice, one
// after the other, in a single session: each redefines main, and many
// redefine the same types and functions, as re-running notebook cells does.
func TestConformanceOneSession(t *testing.T) {
	files, err := filepath.Glob("../testdata/conformance/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance programs: %v", err)
	}
	y := newYaegiSession(t)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".go")
		if _, ok := outsideCompiler[name]; ok {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(file, ".go") + ".out")
		if err != nil {
			t.Fatal(err)
		}
		for run := 1; run <= 2; run++ {
			got, err := y.run(string(src))
			if err != nil {
				t.Fatalf("%s, run %d: %v", name, run, err)
			}
			if got != string(want) {
				t.Errorf("%s, run %d: output differs\n--- got\n%s\n--- want\n%s", name, run, got, want)
			}
		}
	}
}
