package engine

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"gonote/kernel"
)

var update = flag.Bool("update", false, "regenerate the golden outputs of testdata/semantics with the Go toolchain (go run)")

// cellBoundary separates the cells' outputs in a golden file: the
// equivalent program prints it where one cell ends and the next begins.
const cellBoundary = "--- cell boundary ---\n"

// TestSemantics runs each testdata/semantics/*.txtar as a notebook session,
// one cell per "cellN" file, and compares each cell's stdout with what the
// real Go toolchain prints for the equivalent program in "main.go" (its
// output, split at cellBoundary, is the "golden" file; -update regenerates
// it with go run). Each archive covers one item of yaegi's shortcomings.
func TestSemantics(t *testing.T) {
	files, err := filepath.Glob("testdata/semantics/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test archives: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var cells []string
			var program, golden []byte
			for _, f := range ar.Files {
				switch {
				case strings.HasPrefix(f.Name, "cell"):
					cells = append(cells, string(f.Data))
				case f.Name == "main.go":
					program = f.Data
				case f.Name == "golden":
					golden = f.Data
				}
			}
			if *update {
				golden = goRun(t, program)
				setFile(ar, "golden", golden)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := strings.Split(string(golden), cellBoundary)
			if len(want) != len(cells) {
				t.Fatalf("golden has %d cells' output, archive has %d cells", len(want), len(cells))
			}
			s, _ := newSession(t)
			for i, code := range cells {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				c := &collector{}
				res, err := s.Execute(ctx, code, c.add)
				cancel()
				if err != nil {
					t.Fatalf("cell %d: Execute error: %v", i+1, err)
				}
				if res.Status != kernel.StatusOK {
					t.Errorf("cell %d: status %q, error %+v, stderr %q", i+1, res.Status, res.Error, c.text(kernel.Stderr))
					continue
				}
				if got := c.text(kernel.Stdout); got != want[i] {
					t.Errorf("cell %d stdout:\n%s\nwant (go run):\n%s", i+1, got, want[i])
				}
			}
		})
	}
}

// goRun runs program with the Go toolchain in a module that can import
// golang.org/x/sync, and returns its stdout.
func goRun(t *testing.T, program []byte) []byte {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// The program runs as a package of this module, whose go.mod pins
	// golang.org/x/sync; testdata keeps it out of ./... patterns.
	pkg := filepath.Join("kernel", "engine", "testdata", "semantics", "run")
	if err := os.MkdirAll(filepath.Join(root, pkg), 0o755); err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(filepath.Join(root, pkg))
	if err := os.WriteFile(filepath.Join(root, pkg, "main.go"), program, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "./"+pkg)
	cmd.Dir = root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go run: %v\n%s", err, stderr.String())
	}
	return stdout.Bytes()
}

// setFile replaces or adds the file name of ar.
func setFile(ar *txtar.Archive, name string, data []byte) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
}

// conformance2Dir holds whole programs in the style of the kernel's
// conformance set, each NAME.go with the output of go run in NAME.out
// (NAME.sorted beside it: compare the lines sorted, for programs whose line
// order depends on scheduling; NAME.rc: the program fails). They combine the features concurrency
// lessons use, so that a pass that breaks one combination shows here.
const conformance2Dir = "../cellc/testdata/conformance2"

// TestConformance2 runs each program of conformance2Dir as one cell of a
// fresh session and compares its stdout with Go's.
func TestConformance2(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(conformance2Dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs in %s: %v", conformance2Dir, err)
	}
	for _, file := range files {
		base := strings.TrimSuffix(file, ".go")
		t.Run(filepath.Base(base), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				setGolden(t, base+".out", goRun(t, src))
			}
			want, err := os.ReadFile(base + ".out")
			if err != nil {
				t.Fatal(err)
			}
			s, _ := newSession(t)
			res, c := run(t, s, string(src))
			// NAME.rc: the program exits with a non-zero status (a panic).
			_, fails := os.Stat(base + ".rc")
			if wantErr := fails == nil; (res.Status != kernel.StatusOK) != wantErr {
				t.Fatalf("status %q, want error: %v; error %+v, stderr %q", res.Status, wantErr, res.Error, c.text(kernel.Stderr))
			}
			got := c.text(kernel.Stdout)
			if _, err := os.Stat(base + ".sorted"); err == nil {
				got, want = sortLines(got), []byte(sortLines(string(want)))
			}
			if got != string(want) {
				t.Errorf("stdout:\n%s\nwant (go run):\n%s", got, want)
			}
		})
	}
}

func setGolden(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func sortLines(s string) string {
	lines := strings.SplitAfter(s, "\n")
	sort.Strings(lines)
	return strings.Join(lines, "")
}
