package cellc

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files: compiled sources, and the expected outputs by running each program with the Go toolchain")

// TestPasses runs one program per pass (testdata/passes/PASS.go) through
// the compiler and yaegi, and compares its output with the real Go
// toolchain's (PASS.out, written by go run with -update), and the compiled
// source with its golden (PASS.golden).
func TestPasses(t *testing.T) {
	files, err := filepath.Glob("testdata/passes/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no pass programs: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".go")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSuffix(file, ".go")
			if *update {
				out, err := exec.Command("go", "run", file).CombinedOutput()
				if err != nil {
					t.Fatalf("go run %s: %v\n%s", file, err, out)
				}
				if err := os.WriteFile(base+".out", out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			u, err := NewSession().Compile(string(src), 1)
			if err != nil {
				t.Fatalf("Compile(%s) = %v", file, err)
			}
			if *update {
				if err := os.WriteFile(base+".golden", []byte(u.Source), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			golden, err := os.ReadFile(base + ".golden")
			if err != nil {
				t.Fatal(err)
			}
			if u.Source != string(golden) {
				t.Errorf("compiled source differs from %s.golden (run go test -update to accept):\n%s", base, u.Source)
			}
			want, err := os.ReadFile(base + ".out")
			if err != nil {
				t.Fatal(err)
			}
			got, err := newYaegiSession(t).run(string(src))
			if err != nil {
				t.Fatalf("run %s: %v", file, err)
			}
			if got != string(want) {
				t.Errorf("%s: yaegi output differs from Go's\n--- got\n%s--- want\n%s", file, got, want)
			}
		})
	}
}
