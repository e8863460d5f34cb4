package cellc

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gonote/kernel/rt"
)

// TestSessions runs multi-cell sessions in yaegi and checks each cell's
// output (or the start of its error) against what Go's semantics give for
// the same cells run in order, as in a notebook.
func TestSessions(t *testing.T) {
	type cell struct {
		src  string
		want string // output, or the start of the error after "error: "
	}
	tests := []struct {
		name  string
		cells []cell
	}{
		{"variables persist", []cell{
			{"x := 2", ""},
			{"x *= 21\nfmt.Println(x)", "42\n"},
			{"var y = x + 1\nfmt.Println(y)", "43\n"},
		}},
		{"redefined func reaches earlier callers", []cell{
			{`func greet() string { return "hi" }`, ""},
			{"func hello() { fmt.Println(greet()) }\nhello()", "hi\n"},
			{`func greet() string { return "hello" }`, ""},
			{"hello()", "hello\n"},
		}},
		{"redefined type", []cell{
			{"type P struct{ X int }\np := P{1}\nfmt.Println(p)", "{1}\n"},
			{"type P struct{ X, Y int }\nq := P{1, 2}\nfmt.Println(q, p)", "{1 2} {1}\n"},
		}},
		{"redefined variable with a new type", []cell{
			{"v := 1", ""},
			{"v := \"s\"\nfmt.Println(v + \"!\")", "s!\n"},
		}},
		{"re-running a cell that imports", []cell{
			{"import \"strings\"\nfmt.Println(strings.ToUpper(\"a\"))", "A\n"},
			{"import \"strings\"\nfmt.Println(strings.ToUpper(\"a\"))", "A\n"},
		}},
		{"main runs once", []cell{
			{"package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"main ran\") }\n", "main ran\n"},
			{"fmt.Println(\"next\")", "next\n"},
			{"package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"second program\") }\n", "second program\n"},
			{"fmt.Println(\"after\")", "after\n"},
		}},
		{"methods in a later cell", []cell{
			{"type C struct{ n int }", ""},
			{"func (c *C) Inc() { c.n++ }", ""},
			{"c := &C{}\nc.Inc()\nc.Inc()\nfmt.Println(c.n)", "2\n"},
		}},
		{"redefined method", []cell{
			{"type T struct{}\nfunc (T) M() string { return \"a\" }", ""},
			{"func (T) M() string { return \"b\" }", "error: 1:10: not supported by the interpreter: redefining method T.M"},
			{"type T struct{}\nfunc (T) M() string { return \"c\" }", ""},
			{"fmt.Println(T{}.M())", "c\n"},
		}},
		{"method over one promoted from an embedded interface", []cell{
			{"type G interface{ Hi() string }\ntype en struct{}\nfunc (en) Hi() string { return \"hi\" }\ntype B struct {\n\tG\n\tn int\n}\nfunc say(g G) { fmt.Println(g.Hi()) }\nsay(B{G: en{}})", "hi\n"},
			{"func (b B) Hi() string { return \"bot: \" + b.G.Hi() }", "error: 1:12: not supported by the interpreter: declaring method B.Hi in a later cell"},
			{"type B struct {\n\tG\n\tn int\n}\nfunc (b B) Hi() string { return \"bot: \" + b.G.Hi() }\nsay(B{G: en{}})", "bot: hi\n"},
		}},
		{"declarations and statements in any order", []cell{
			{"fmt.Println(sq(3))\nfunc sq(n int) int { return n * n }\nconst k = 2\nfmt.Println(k)", "9\n2\n"},
		}},
		{"failed cell leaves the session unchanged", []cell{
			{"x := 1\nfunc f() int { return 10 }", ""},
			{"x := \"s\"\nfunc f() string { return \"no\" }\nundefinedThing()", "error: 3:1: undefined: undefinedThing"},
			{"fmt.Println(x+1, f())", "2 10\n"},
		}},
		{"generic function across cells", []cell{
			{"func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}", ""},
			{"fmt.Println(Map([]int{1, 2}, func(i int) string { return fmt.Sprint(i * 10) }))", "[10 20]\n"},
		}},
		{"several variables at once at top level", []cell{
			{"func two() int { return 2 }\ns, n := []int{1}, two()\nfmt.Println(s, n)", "[1] 2\n"},
			{"s, n = append(s, n), len(s)\nfmt.Println(s, n)", "[1 2] 1\n"},
			{"ch := make(chan int, 2)\nch <- 4\nch <- 5\nv := <-ch\nfmt.Println(v)\nw := <-ch\nfmt.Println(v, w)", "4\n4 5\n"},
		}},
		{"declarations using the cell's statement variables", []cell{
			{"counter := 10\nfunc inc() { counter++ }\ninc()\nfmt.Println(counter)\ncounter = 0\ninc()\nfmt.Println(counter)", "11\n1\n"},
			{"inc()\nfmt.Println(counter)", "2\n"},
		}},
		{"closures over hoisted variables", []cell{
			{"n := 0\ninc := func() { n++ }", ""},
			{"inc()\ninc()\nfmt.Println(n)", "2\n"},
		}},
		{"goroutines in a top-level loop", []cell{
			{"var wg sync.WaitGroup\nout := make([]int, 3)\nfor i := range 3 {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); out[i] = i + 1 }()\n}\nwg.Wait()\nfmt.Println(out)", "[1 2 3]\n"},
		}},
		{"compile errors name the cell line", []cell{
			{"a := 1\nb := 2\nfmt.Println(a + b + zz)", "error: 3:21: undefined: zz"},
			{"func f() int {\n\tfmt.Println(\"in f\")\n}", "error: 3:1: missing return"},
			{"func g() {\n\tv := 1\n}", "error: 2:2: declared and not used: v"},
		}},
		{"unsupported feature names itself", []cell{
			{"func seq(yield func(int) bool) { yield(1) }\nfunc f() {\n\tfor v := range seq {\n\t\tdefer fmt.Println(v)\n\t}\n}", "error: 4:3: not supported by the interpreter: defer inside the body of a range-over-func loop"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := newYaegiSession(t)
			for i, c := range tt.cells {
				got, err := y.run(c.src)
				if err != nil {
					got = "error: " + err.Error()
				}
				if strings.HasPrefix(c.want, "error: ") {
					if !strings.HasPrefix(got, c.want) {
						t.Errorf("cell %d %q: got %q, want an error starting %q", i+1, c.src, got, c.want)
					}
					continue
				}
				if got != c.want {
					t.Errorf("cell %d %q: got %q, want %q", i+1, c.src, got, c.want)
				}
			}
		})
	}
}

// TestImports checks that used packages are imported and unused imports
// dropped, as goimports would, and that the unit says which.
func TestImports(t *testing.T) {
	tests := []struct {
		name           string
		src            string
		added, removed []string
	}{
		{"adds used packages", "fmt.Println(strings.ToUpper(\"x\"), time.Second)", []string{"fmt", "strings", "time"}, nil},
		{"drops unused imports", "import (\n\t\"os\"\n\t\"fmt\"\n)\nfmt.Println(1)", nil, []string{"os"}},
		{"keeps what declarations use", "import \"sort\"\nfunc f(xs []int) { sort.Ints(xs) }", nil, nil},
		{"adds for declarations", "func f() error { return errors.New(\"x\") }", []string{"errors"}, nil},
		{"local names are not packages", "strings := []string{\"a\"}\nfmt.Println(len(strings))", []string{"fmt"}, nil},
		{"x/sync by name", "var g errgroup.Group\n_ = g.Wait()", []string{"golang.org/x/sync/errgroup"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := NewSession().Compile(tt.src, 1)
			if err != nil {
				t.Fatalf("Compile(%q) = %v", tt.src, err)
			}
			if diff := cmp.Diff(tt.added, u.ImportsAdded); diff != "" {
				t.Errorf("Compile(%q).ImportsAdded (-want +got):\n%s", tt.src, diff)
			}
			if diff := cmp.Diff(tt.removed, u.ImportsRemoved); diff != "" {
				t.Errorf("Compile(%q).ImportsRemoved (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

// TestGoroutinePanic checks that a panic in a goroutine a cell started is
// recovered by the runtime and reported with the go statement's place.
func TestGoroutinePanic(t *testing.T) {
	y := newYaegiSession(t)
	if _, err := y.run("done := make(chan bool)\nfmt.Println(\"start\")\n\tgo func() {\n\tdefer close(done)\n\tpanic(\"boom\")\n}()\n<-done"); err != nil {
		t.Fatalf("run: %v", err)
	}
	var p *rt.Panic
	select {
	case p = <-y.panics:
	case <-time.After(10 * time.Second):
		t.Fatal("no goroutine panic reported within 10s")
	}
	if p.Value != "boom" || p.Line != 3 || p.Col != 2 || p.Source != 1 {
		t.Errorf("panic = %v at cell %d %d:%d, want boom at cell 1 3:2", p.Value, p.Source, p.Line, p.Col)
	}
	if out, err := y.run("fmt.Println(\"still alive\")"); err != nil || out != "still alive\n" {
		t.Errorf("next cell = %q, %v; want the session to go on", out, err)
	}
}

// TestPos checks that positions in the compiled source map back to the
// cell, for a runtime panic located by yaegi.
func TestPos(t *testing.T) {
	s := NewSession()
	src := "x := 1\nvar m map[string]int\n\nfmt.Println(x)\n  m[\"a\"] = x\n"
	u, err := s.Compile(src, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Find the assignment in the compiled source and map it back.
	lines := strings.Split(u.Source, "\n")
	for i, l := range lines {
		if c := strings.Index(l, `m["a"]`); c >= 0 {
			line, col, ok := u.Pos(i+1, c+1)
			if !ok || line != 5 || col != 3 {
				t.Errorf("Pos(%d, %d) = %d, %d, %v; want 5, 3, true", i+1, c+1, line, col, ok)
			}
			return
		}
	}
	t.Fatalf("assignment not found in\n%s", u.Source)
}

// TestCompileErrorType checks that a compile error is an *Error.
func TestCompileErrorType(t *testing.T) {
	_, err := NewSession().Compile("var x int = \"s\"", 1)
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 1 {
		t.Fatalf("Compile = %v, want an *Error on line 1", err)
	}
}

// TestUnsupported checks that each feature the interpreter cannot run even
// after rewriting fails the cell with a message naming it, at its place.
func TestUnsupported(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		feature   string
	}{
		{"defer in a range-over-func body", "func seq(yield func(int) bool) {}\nfor v := range seq {\n\tdefer fmt.Println(v)\n}", 3, 2, "defer inside the body of a range-over-func loop"},
		{"goto in a range-over-func body", "func seq(yield func(int) bool) {}\nfor range seq {\n\tgoto end\n}\nend:", 3, 2, "goto inside the body of a range-over-func loop"},
		{"generic type with two parameters referring to itself", "type Node[K comparable, V any] struct {\n\tkey K\n\tnext *Node[K, V]\n}", 1, 6, "generic type Node with more than one type parameter refers to itself"},
		{"generic types referring to each other", "type E[T any] struct{ list *L[T] }\ntype L[T any] struct{ head *E[T] }", 1, 6, "generic types E, L refer to each other"},
		{"generic methods calling each other", "type A[T any] struct{ n int }\nfunc (a *A[T]) Even() bool { return a.n == 0 || a.Odd() }\nfunc (a *A[T]) Odd() bool { return a.n != 0 && a.Even() }", 3, 16, "methods A.Even and A.Odd of a generic type call each other"},
		{"loop variable captured and assigned", "for i := 0; i < 3; i++ {\n\tdefer func() { fmt.Println(i) }()\n\ti++\n}", 1, 5, "loop variable i is captured by a closure and also changed in the loop body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSession().Compile(tt.src, 1)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Compile(%q) = %v, want an *Error", tt.src, err)
			}
			want := "not supported by the interpreter: " + tt.feature
			if ce.Line != tt.line || ce.Col != tt.col || !strings.HasPrefix(ce.Msg, want) {
				t.Errorf("Compile(%q) = %v, want %d:%d: %s", tt.src, ce, tt.line, tt.col, want)
			}
		})
	}
}

// TestEmptyCells checks cells with nothing to run.
func TestEmptyCells(t *testing.T) {
	for _, src := range []string{"", "// just a comment\n", "import \"os\"", "\n\n"} {
		u, err := NewSession().Compile(src, 1)
		if err != nil {
			t.Errorf("Compile(%q) = %v, want no error", src, err)
			continue
		}
		if u.Runs {
			t.Errorf("Compile(%q).Runs = true, want nothing to run", src)
		}
	}
}

// TestNilErrorPointer checks that a nil pointer of the cell's error type
// put into an error stops the cell, since yaegi would make it a nil error,
// while a non-nil one and an explicit nil behave as in Go.
func TestNilErrorPointer(t *testing.T) {
	y := newYaegiSession(t)
	got, err := y.run(`type MyErr struct{}
func (*MyErr) Error() string { return "my error" }
func check(fail bool) error {
	if fail {
		return &MyErr{}
	}
	return nil
}
func typed() error {
	var e *MyErr
	return e
}
fmt.Println(check(true), check(false) == nil)`)
	if err != nil || got != "my error true\n" {
		t.Fatalf("run = %q, %v; want \"my error true\\n\", no error", got, err)
	}
	_, err = y.run(`fmt.Println(typed() == nil)`)
	want := "not supported by the interpreter: a nil *main.MyErr stored in an error"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("run(typed() == nil) error = %v, want it to contain %q", err, want)
	}
}

// TestGenericSelfReference: a generic type with one type parameter may
// refer to itself, and the interpreter runs it; the refusals of
// TestUnsupported are only for the forms it cannot instantiate.
func TestGenericSelfReference(t *testing.T) {
	got, err := newYaegiSession(t).run(`type Tree[T any] struct {
	left, right *Tree[T]
	val         T
}
func (t *Tree[T]) Size() int {
	if t == nil {
		return 0
	}
	return 1 + t.left.Size() + t.right.Size()
}
type Pair[K comparable, V any] struct {
	Key K
	Val *Tree[V]
}
p := Pair[string, int]{"a", &Tree[int]{val: 1, left: &Tree[int]{val: 2}}}
fmt.Println(p.Key, p.Val.Size())`)
	if err != nil {
		t.Fatal(err)
	}
	if got != "a 2\n" {
		t.Errorf("printed %q, want %q", got, "a 2\n")
	}
}
