package engine

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"gonote/kernel"
	"gonote/kernel/engine/symbols"
	"gonote/kernel/internal/stdpkgs"
)

// TestLoadOnImport checks that a session loads a package when a cell first
// imports it, with the packages it needs, and nothing else.
func TestLoadOnImport(t *testing.T) {
	s, _ := newSession(t)
	steps := []struct {
		code      string
		loaded    []string
		notLoaded []string
	}{
		{code: `x := 1`, notLoaded: []string{"fmt", "io", "slices", "net/http"}},
		// Loading fmt must not compile yaegi's generic sources (slices).
		{code: `fmt.Println(x)`, loaded: []string{"fmt", "io"}, notLoaded: []string{"slices", "cmp", "os", "net/http"}},
		{code: `fmt.Println(slices.Max([]int{x, 3}))`, loaded: []string{"slices", "cmp"}, notLoaded: []string{"net/http"}},
		{code: `var once sync.Once
once.Do(func() { fmt.Println("once") })`, loaded: []string{"sync", binPath("sync")}, notLoaded: []string{"net/http"}},
		{code: `_ = http.StatusOK`, loaded: []string{"net/http", "crypto/tls", "io/fs"}},
	}
	for _, step := range steps {
		mustRun(t, s, step.code)
		has := interpPackages(s.i)
		for _, p := range step.loaded {
			if !has[p] {
				t.Errorf("after %q, %s is not loaded", step.code, p)
			}
		}
		for _, p := range step.notLoaded {
			if has[p] {
				t.Errorf("after %q, %s is loaded", step.code, p)
			}
		}
	}
}

// interpPackages returns the import paths of the packages, compiled or
// source, that the interpreter holds symbols of. (Interpreter.Symbols
// would build wrappers of source functions, which fails for generic ones.)
func interpPackages(i *interp.Interpreter) map[string]bool {
	has := map[string]bool{}
	v := reflect.ValueOf(i).Elem()
	for _, field := range []string{"binPkg", "srcPkg"} {
		m := v.FieldByName(field)
		for _, k := range m.MapKeys() {
			if m.MapIndex(k).Len() > 0 {
				has[k.String()] = true
			}
		}
	}
	return has
}

// TestLoadedLater checks that packages a later cell imports first get the
// session's output routing and restrictions, as those of the first cell do.
func TestLoadedLater(t *testing.T) {
	s, _ := newSession(t)
	mustRun(t, s, `x := 1`)
	tests := []struct {
		name, code, stdout, stderrHas string
	}{
		{name: "log", code: `log.SetFlags(0); log.Print("logged ", x)`, stderrHas: "logged 1\n"},
		{name: "slog", code: `slog.Info("hello")`, stderrHas: "INFO hello\n"},
		{name: "os.Stdout", code: `os.Stdout.WriteString("raw\n")`, stdout: "raw\n"},
		{name: "fmt after os", code: `fmt.Println("hi")`, stdout: "hi\n"},
		{name: "environment is the session's", code: `os.Setenv("GONOTE_TEST", "v")
fmt.Println(os.Getenv("GONOTE_TEST"), os.Getenv("PATH") == "")`, stdout: "v true\n"},
		{name: "Scan reads empty stdin", code: `var w string
_, err := fmt.Scan(&w)
fmt.Println(err)`, stdout: "EOF\n"},
		{name: "flag.CommandLine is the session's", code: `flag.CommandLine.Bool("only-here", false, "")
fmt.Println(flag.Lookup("only-here") == nil)`, stdout: "true\n"},
	}
	for _, tt := range tests {
		c := mustRun(t, s, tt.code)
		if got := c.text(kernel.Stdout); got != tt.stdout {
			t.Errorf("%s: Execute(%q) stdout = %q, want %q", tt.name, tt.code, got, tt.stdout)
		}
		if got := c.text(kernel.Stderr); !strings.HasSuffix(got, tt.stderrHas) {
			t.Errorf("%s: Execute(%q) stderr = %q, want it to end with %q", tt.name, tt.code, got, tt.stderrHas)
		}
	}
	res, _ := run(t, s, `os.Exit(3)`)
	if res.Status != kernel.StatusError || res.Error == nil || !strings.Contains(res.Error.Message, "os.Exit(3)") {
		t.Errorf("os.Exit(3): status %q, error %+v; want an error naming os.Exit(3)", res.Status, res.Error)
	}
}

// TestLoadExtra checks that an extra table replaces a package's symbols
// when the package is loaded, and that the output routing wins over it.
func TestLoadExtra(t *testing.T) {
	var extraPrinted []any
	s, err := New(Options{Extra: []interp.Exports{{
		"strings/strings": {"ToUpper": reflect.ValueOf(func(s string) string { return "extra " + s })},
		"fmt/fmt":         {"Println": reflect.ValueOf(func(a ...any) (int, error) { extraPrinted = a; return 0, nil })},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := mustRun(t, s, `fmt.Println(strings.ToUpper("a"), strings.ToLower("B"))`)
	if got, want := c.text(kernel.Stdout), "extra a b\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	if extraPrinted != nil {
		t.Errorf("the extra fmt.Println printed %v; the output routing should have replaced it", extraPrinted)
	}
}

// TestLoadInterfaceDeps checks that an interpreted value can be passed as
// an interface of a package the cell does not import: yaegi finds the
// interface's wrapper in that package's table, loaded with the package
// whose API reaches it.
func TestLoadInterfaceDeps(t *testing.T) {
	tests := []struct {
		name, code, stdout, stderrHas string
	}{
		{name: "io.Reader from bufio", code: `type once struct{ done bool }

func (o *once) Read(p []byte) (int, error) {
	if o.done {
		return 0, errors.New("end")
	}
	o.done = true
	return copy(p, "a b\n"), nil
}

sc := bufio.NewScanner(&once{})
for sc.Scan() {
	fmt.Println(sc.Text())
}`, stdout: "a b\n"},
		{name: "fmt.Stringer from log", code: `type name string

func (n name) String() string { return "name " + string(n) }

log.SetFlags(0)
log.Print(name("x"))`, stderrHas: "name x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newSession(t)
			c := mustRun(t, s, tt.code)
			if got := c.text(kernel.Stdout); got != tt.stdout {
				t.Errorf("stdout = %q, want %q", got, tt.stdout)
			}
			if got := c.text(kernel.Stderr); !strings.HasSuffix(got, tt.stderrHas) {
				t.Errorf("stderr = %q, want it to end with %q", got, tt.stderrHas)
			}
		})
	}
}

// TestLoadAll checks that every package cells can import loads, and that
// these are the packages stdpkgs lists (which the cell compiler has the
// types of).
func TestLoadAll(t *testing.T) {
	s, _ := newSession(t)
	paths := symbols.Paths()
	for p := range sourcePackages {
		if !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	for _, p := range paths {
		if !slices.Contains(stdpkgs.Importable, p) {
			t.Errorf("%s loads but is not in stdpkgs.Importable", p)
		}
	}
	for _, p := range stdpkgs.Importable {
		_, compiled := symbols.Lookup(p)
		_, source := sourcePackages[p]
		if !compiled && !source {
			t.Errorf("%s is in stdpkgs.Importable but the engine has no table or source of it: run go generate", p)
		}
	}
	for _, p := range paths {
		if err := s.load(p); err != nil {
			t.Errorf("load(%q): %v", p, err)
		}
		// A GOPATH package is compiled when a cell imports it.
		inGOPATH := s.fsys["src/"+p+"/gonote_std_"+pkgName(p)+".go"] != nil
		if !interpPackages(s.i)[p] && !inGOPATH {
			t.Errorf("load(%q) gave the interpreter nothing", p)
		}
	}
}

// TestLoadWhileRunning loads packages while a goroutine of an earlier cell
// wraps an interpreted value as a compiled interface, which reads yaegi's
// tables; under the race detector it checks that loading does not write
// where that goroutine reads.
func TestLoadWhileRunning(t *testing.T) {
	s, _ := newSession(t)
	mustRun(t, s, `type name string

func (n name) String() string { return string(n) }

stop, stopped := make(chan bool), make(chan bool)
go func() {
	defer close(stopped)
	var v any = name("x")
	for {
		select {
		case <-stop:
			return
		default:
		}
		if s, ok := v.(fmt.Stringer); !ok || s.String() != "x" {
			panic("lost the Stringer")
		}
	}
}()`)
	mustRun(t, s, `_, _, _, _ = http.StatusOK, types.Typ, tls.VersionTLS13, xml.Header
_, _, _ = sql.ErrNoRows, template.HTMLEscapeString, gzip.BestSpeed`)
	mustRun(t, s, `close(stop)
<-stopped`)
}
