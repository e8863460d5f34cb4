package symbols

import (
	"bytes"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestTables(t *testing.T) {
	for _, path := range Paths() {
		pkg, ok := Lookup(path)
		if !ok || pkg.Path != path {
			t.Fatalf("Lookup(%q) = %+v, %v", path, pkg, ok)
		}
		syms := pkg.Symbols()
		if len(syms) == 0 {
			t.Errorf("%s: empty table", path)
		}
		for name, v := range syms {
			if !v.IsValid() {
				t.Errorf("%s.%s: invalid value", path, name)
			}
		}
		syms["gonote_test"] = reflect.Value{}
		if _, ok := pkg.Symbols()["gonote_test"]; ok {
			t.Errorf("%s: Symbols returned a table shared with an earlier call", path)
		}
		for _, d := range pkg.Deps {
			if _, ok := Lookup(d); !ok || d == path {
				t.Errorf("%s: dependency %q is not another package", path, d)
			}
		}
	}
	for _, path := range []string{"fmt", "os", "net/http", "golang.org/x/sync/errgroup"} {
		if _, ok := Lookup(path); !ok {
			t.Errorf("Lookup(%q) found nothing", path)
		}
	}
	for _, path := range []string{"os/exec", "plugin", "slices", "internal/abi"} {
		if _, ok := Lookup(path); ok {
			t.Errorf("Lookup(%q) found a package; want none", path)
		}
	}
}

// TestMapTypesDeps checks that the interfaces MapTypes lists for a
// function are of the function's package or of one of its Deps, so that
// their wrappers are loaded whenever the function can be called.
func TestMapTypesDeps(t *testing.T) {
	for fn, types := range MapTypes() {
		if fn.Kind() != reflect.Func {
			continue // a composed wrapper, found through its plain one
		}
		full := runtime.FuncForPC(fn.Pointer()).Name() // "encoding/json.Marshal"
		slash := strings.LastIndexByte(full, '/')
		path := full[:slash+1+strings.IndexByte(full[slash+1:], '.')]
		pkg, ok := Lookup(path)
		if !ok {
			t.Errorf("%s: package %q not found", full, path)
			continue
		}
		for _, typ := range types {
			if p := typ.PkgPath(); p != path && !slices.Contains(pkg.Deps, p) {
				t.Errorf("%s: MapTypes lists %v, but %s is not among the Deps of %s (%v)", full, typ, p, path, pkg.Deps)
			}
		}
	}
}

func TestRestricted(t *testing.T) {
	var buf bytes.Buffer
	l := logNew(&buf, "p: ", 0)
	tests := []struct {
		name      string
		f         func()
		wantPanic string
	}{
		{name: "os.Exit", f: func() { osExit(3) }, wantPanic: "os.Exit(3)"},
		{name: "Logger.Fatal", f: func() { l.Fatal("bye") }, wantPanic: "bye"},
		{name: "Logger.Fatalf", f: func() { l.Fatalf("bye %d", 2) }, wantPanic: "bye 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(strings.TrimSpace(r.(string)), tt.wantPanic) {
					t.Errorf("panic %v, want one containing %q", r, tt.wantPanic)
				}
			}()
			tt.f()
		})
	}
	if got := buf.String(); got != "p: bye\np: bye 2\n" {
		t.Errorf("logger wrote %q, want both lines", got)
	}
	if _, err := osFindProcess(os.Getpid()); err == nil {
		t.Errorf("osFindProcess(own pid) succeeded; want an error")
	}
}
