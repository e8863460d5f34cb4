package cellc

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// vetCases are cells go vet has something (or, for the clean ones,
// nothing) to say about. A cell is a whole program, or REPL code that is
// all statements or all declarations; imports are the packages the
// standalone program imports (the cell gets them from the compiler). Their
// expected findings come from go vet on that program, stored in
// testdata/vet/golden.json and rewritten by -update.
var vetCases = []struct {
	name, imports, cell string
}{
	{name: "printf wrong type", imports: "fmt", cell: "fmt.Printf(\"%d\\n\", \"five\")"},
	{name: "printf missing argument", imports: "fmt", cell: "name := \"Go\"\nfmt.Printf(\"%s is %d\\n\", name)"},
	{name: "println with directive", imports: "fmt", cell: "n := 3\nfmt.Println(\"n = %d\", n)"},
	{name: "non-constant format", imports: "fmt", cell: "msg := \"100%\"\nfmt.Printf(msg)"},
	{name: "printf in goroutine", imports: "fmt sync", cell: "wg := sync.WaitGroup{}\nfor i := range 3 {\n\twg.Go(func() {\n\t\tfmt.Printf(\"worker %s\\n\", i)\n\t})\n}\nwg.Wait()"},
	{name: "mutex copied", imports: "sync", cell: "mu := sync.Mutex{}\nmine := mu\n_ = mine"},
	{name: "waitgroup passed by value", imports: "sync", cell: "func worker(id int, wg sync.WaitGroup) {\n\tdefer wg.Done()\n}"},
	{name: "range copies locks", imports: "sync", cell: "locks := make([]sync.Mutex, 3)\nfor _, l := range locks {\n\tl.Lock()\n}"},
	{name: "value receiver with mutex", cell: "package main\n\nimport (\n\t\"fmt\"\n\t\"sync\"\n)\n\ntype Counter struct {\n\tmu sync.Mutex\n\tn  int\n}\n\nfunc (c Counter) Inc() {\n\tc.mu.Lock()\n\tc.n++\n\tc.mu.Unlock()\n}\n\nfunc main() {\n\tvar c Counter\n\tc.Inc()\n\tfmt.Println(c.n)\n}\n"},
	{name: "cancel not called", imports: "context time", cell: "func fetch() {\n\tctx, cancel := context.WithTimeout(context.Background(), time.Second)\n\tif ctx.Err() != nil {\n\t\treturn\n\t}\n\tcancel()\n}"},
	{name: "cancel discarded", imports: "context", cell: "ctx, _ := context.WithCancel(context.Background())\n_ = ctx"},
	{name: "cancel in main", imports: "context", cell: "ctx, cancel := context.WithCancel(context.Background())\nif ctx.Err() != nil {\n\treturn\n}\ncancel()"},
	{name: "cancel after log.Fatal", imports: "context log", cell: "func run(ok bool) {\n\tctx, cancel := context.WithCancel(context.Background())\n\tif !ok {\n\t\tlog.Fatal(\"not ok\")\n\t} else {\n\t\tcancel()\n\t}\n\t_ = ctx\n}"},
	{name: "atomic assignment", imports: "sync/atomic", cell: "n := int64(0)\nn = atomic.AddInt64(&n, 1)"},
	{name: "waitgroup add in goroutine", imports: "fmt sync", cell: "wg := new(sync.WaitGroup)\nfor i := range 3 {\n\tgo func() {\n\t\twg.Add(1)\n\t\tdefer wg.Done()\n\t\tfmt.Println(i)\n\t}()\n}\nwg.Wait()"},
	{name: "unused Sprintf", imports: "fmt", cell: "n := 7\nfmt.Sprintf(\"%d\", n)"},
	{name: "self-assignment", cell: "x := 1\nx = x"},
	{name: "redundant or", imports: "fmt", cell: "n := 2\nif n == 1 || n == 1 {\n\tfmt.Println(n)\n}"},
	{name: "suspect or", imports: "fmt", cell: "n := 2\nif n != 1 || n != 2 {\n\tfmt.Println(n)\n}"},
	{name: "string of int", imports: "fmt", cell: "n := 65\nfmt.Println(string(n))"},
	{name: "unreachable", imports: "fmt", cell: "fmt.Println(\"a\")\nreturn\nfmt.Println(\"b\")"},
	{name: "time.Since deferred", imports: "fmt time", cell: "start := time.Now()\ndefer fmt.Println(\"took\", time.Since(start))"},
	{name: "unbuffered signal channel", imports: "os os/signal", cell: "c := make(chan os.Signal)\nsignal.Notify(c, os.Interrupt)"},
	{name: "errors.As non-pointer", cell: "package main\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n\t\"io/fs\"\n)\n\nfunc main() {\n\terr := fmt.Errorf(\"wrap: %w\", fs.ErrNotExist)\n\tvar pe *fs.PathError\n\tfmt.Println(errors.As(err, pe))\n}\n"},
	{name: "bad time format", imports: "fmt time", cell: "fmt.Println(time.Now().Format(\"2006-02-01\"))"},
	{name: "several in a program", cell: "package main\n\nimport (\n\t\"fmt\"\n\t\"sync\"\n)\n\nfunc main() {\n\tvar mu sync.Mutex\n\tvar wg sync.WaitGroup\n\ttotal := 0\n\tfor i := range 4 {\n\t\twg.Add(1)\n\t\tgo func(mu sync.Mutex) {\n\t\t\tdefer wg.Done()\n\t\t\tmu.Lock()\n\t\t\ttotal += i\n\t\t\tmu.Unlock()\n\t\t}(mu)\n\t}\n\twg.Wait()\n\tfmt.Printf(\"total %v of %d\\n\", total)\n}\n"},
	{name: "println of a func value", imports: "fmt", cell: "f := func() int { return 1 }\nfmt.Println(f)"},
	{name: "println to os.Stdout", imports: "fmt os", cell: "fmt.Println(os.Stdout, \"hi\")"},
	{name: "recursive String", cell: "package main\n\nimport \"fmt\"\n\ntype T int\n\nfunc (t T) String() string { return fmt.Sprint(t) }\n\nfunc main() {}\n"},
	{name: "printf wrapper", cell: "package main\n\nimport \"fmt\"\n\nfunc logf(format string, args ...any) {\n\tfmt.Printf(format, args)\n}\n\nfunc main() { logf(\"%d\\n\", 1) }\n"},
	{name: "plain println", imports: "fmt", cell: "n := 3\nfmt.Println(\"n is\", n, 100)"},
	{name: "func compared with nil", imports: "fmt", cell: "func work() {}\n\nfunc check() {\n\tif work != nil {\n\t\tfmt.Println(\"set\")\n\t}\n}"},
	{name: "shift too far", imports: "fmt", cell: "b := int8(1)\nfmt.Println(b << 9)"},
	{name: "shift assignment too far", imports: "fmt", cell: "b := int16(1)\nb <<= 20\nfmt.Println(b)"},
	{name: "append of nothing", imports: "fmt", cell: "xs := []int{1}\nxs = append(xs)\nfmt.Println(xs)"},
	{name: "impossible assertion", imports: "fmt io", cell: "r := io.Reader(nil)\nif _, ok := r.(interface{ Read() }); ok {\n\tfmt.Println(\"never\")\n}"},
	{name: "impossible type switch", imports: "fmt io", cell: "r := io.Reader(nil)\nswitch r.(type) {\ncase interface{ Read() }:\n\tfmt.Println(\"never\")\n}"},
	{name: "unreachable after panic", imports: "fmt", cell: "func f() {\n\tpanic(\"no\")\n\tfmt.Println(\"after\")\n}"},
	{name: "unreachable after endless for", imports: "fmt", cell: "func spin() {\n\tfor {\n\t}\n\tfmt.Println(\"after\")\n}"},
	{name: "lock in a struct literal", imports: "fmt sync", cell: "type box struct {\n\tmu sync.Mutex\n\tn  int\n}\n\nfunc show(b box) { fmt.Println(b.n) }"},
	{name: "lock in a map value", imports: "sync", cell: "m := map[string]sync.Mutex{}\nfor _, mu := range m {\n\t_ = mu\n}"},
	{name: "lock returned", imports: "sync", cell: "var global sync.RWMutex\n\nfunc get() sync.RWMutex { return global }"},
	{name: "string of rune-ish int", imports: "fmt", cell: "c := rune(66)\nn := int64(c)\nfmt.Println(string(n))"},
	{name: "clean", imports: "context fmt sync time", cell: "ctx, cancel := context.WithTimeout(context.Background(), time.Second)\ndefer cancel()\nmu := sync.Mutex{}\nmu.Lock()\nfmt.Printf(\"%d %s %v\\n\", 1, \"a\", ctx.Err())\nmu.Unlock()"},
}

// TestVet compares the vet findings of each case, message and cell
// line:column, with go vet's for the same code as a standalone program.
func TestVet(t *testing.T) {
	want := jsonGolden(t, filepath.Join("testdata", "vet", "golden.json"), func() map[string][]wantError {
		want := map[string][]wantError{}
		for _, tc := range vetCases {
			want[tc.name] = goVet(t, tc.imports, tc.cell)
		}
		return want
	})
	for _, tc := range vetCases {
		t.Run(tc.name, func(t *testing.T) {
			w, ok := want[tc.name]
			if !ok {
				t.Fatalf("no golden findings for %q (run go test -update)", tc.name)
			}
			u, err := NewSession().Compile(tc.cell, 1)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tc.cell, err)
			}
			got := []wantError{}
			for _, e := range u.Vet {
				got = append(got, wantError{Line: e.Line, Col: e.Col, Msg: e.Msg})
			}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("Compile(%q).Vet (-go vet +cellc):\n%s", tc.cell, diff)
			}
		})
	}
}

// TestVetEarlierCell checks a finding about a type of an earlier cell,
// in a cell that does not itself refer to the package of the lock.
func TestVetEarlierCell(t *testing.T) {
	s := NewSession()
	u, err := s.Compile("type Counter struct {\n\tmu sync.Mutex\n\tn  int\n}", 1)
	if err != nil {
		t.Fatal(err)
	}
	s.Commit(u)
	if u, err = s.Compile("a := Counter{}\nb := a", 2); err != nil {
		t.Fatal(err)
	}
	want := []*Error{{Line: 2, Col: 6, Msg: "assignment copies lock value to b: main.Counter contains sync.Mutex"}}
	if diff := cmp.Diff(want, u.Vet); diff != "" {
		t.Errorf("Vet (-want +got):\n%s", diff)
	}
}

var (
	vetLine          = regexp.MustCompile(`^(?:\./)?main\.go:(\d+):(\d+): (.*)$`)
	vetDefinedOnLine = regexp.MustCompile(`defined on line \d+`)
)

// goVet runs go vet on the standalone program of a cell and returns its
// findings in the cell's lines, also where a message names a line. The module is called main, so that the
// cell's types are named as they are in a notebook (main.T).
func goVet(t *testing.T, imports, cell string) []wantError {
	t.Helper()
	src, offset := cell, 0
	if chunks, program := split(cell); !program {
		var head strings.Builder
		head.WriteString("package main;")
		for _, p := range strings.Fields(imports) {
			fmt.Fprintf(&head, " import %q;", p)
		}
		decls, stmts := 0, 0
		for _, ch := range chunks {
			if ch.decl {
				decls++
			} else {
				stmts++
			}
		}
		switch {
		case decls > 0 && stmts > 0:
			t.Fatalf("cell %q mixes declarations and statements: it has no standalone program", cell)
		case stmts > 0:
			src = head.String() + " func main() {\n" + cell + "\n}\n"
		default:
			src = head.String() + " func main() {}\n" + cell + "\n"
		}
		offset = 1
	}
	dir := t.TempDir()
	for name, data := range map[string]string{"main.go": src, "go.mod": "module main\n\ngo 1.26\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command("go", "build", "-o", os.DevNull, ".")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build %q: %v\n%s", src, err, out)
	}
	cmd := exec.Command("go", "vet", ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	// A finding is a line "main.go:L:C: message"; a message may go on
	// over further lines (one quoting a function literal does).
	found := []wantError{}
	for _, text := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		m := vetLine.FindStringSubmatch(text)
		switch {
		case m != nil:
			line, _ := strconv.Atoi(m[1])
			col, _ := strconv.Atoi(m[2])
			msg := vetDefinedOnLine.ReplaceAllStringFunc(m[3], func(s string) string {
				n, _ := strconv.Atoi(strings.TrimPrefix(s, "defined on line "))
				return fmt.Sprintf("defined on line %d", n-offset)
			})
			found = append(found, wantError{Line: line - offset, Col: col, Msg: msg})
		case len(found) > 0 && !strings.HasPrefix(text, "#"):
			found[len(found)-1].Msg += "\n" + text
		}
	}
	if err != nil && len(found) == 0 {
		t.Fatalf("go vet failed without findings on %q:\n%s", src, out)
	}
	// go vet prints the findings of one analyzer after another.
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].Line != found[j].Line {
			return found[i].Line < found[j].Line
		}
		return found[i].Col < found[j].Col
	})
	return found
}
