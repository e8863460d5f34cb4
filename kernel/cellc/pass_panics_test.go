package cellc

import (
	"strings"
	"testing"
)

// TestPanicSites checks that each explicit panic of a cell is a panic site
// of the compiled source that maps back to the panic's line and column.
func TestPanicSites(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		sites [][2]int // the cell's panics, line and column
	}{
		{name: "top-level statement", src: "fmt.Println(1)\npanic(\"boom\")", sites: [][2]int{{2, 1}}},
		{name: "func declared in the cell", src: "func f(n int) int {\n\tif n < 0 {\n\t\t  panic(fmt.Sprint(n))\n\t}\n\treturn n\n}\nf(1)", sites: [][2]int{{3, 5}}},
		{name: "goroutine", src: "done := make(chan bool)\ngo func() {\n\tdefer close(done)\n\tpanic(errors.New(\"in goroutine\"))\n}()\n<-done", sites: [][2]int{{4, 2}}},
		{name: "deferred", src: "func f() {\n\tdefer func() { panic(recover()) }()\n\tpanic(1)\n}\nf()", sites: [][2]int{{2, 17}, {3, 2}}},
		{name: "whole program", src: "package main\n\nfunc main() {\n\tvar err error\n\tif err == nil { panic(err) }\n}\n", sites: [][2]int{{5, 18}}},
		{name: "shadowed panic", src: "panic := func(string) {}\npanic(\"not the builtin\")", sites: nil},
		{name: "panic(nil)", src: "panic(nil)", sites: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := NewSession().Compile(tt.src, 1)
			if err != nil {
				t.Fatalf("Compile(%q) = %v", tt.src, err)
			}
			var got [][2]int
			for i, line := range strings.Split(u.Source, "\n") {
				col := strings.Index(line, "panic(") + 1
				if col == 0 || !u.PanicSite(i+1, col) {
					continue
				}
				l, c, ok := u.Pos(i+1, col)
				if !ok {
					t.Errorf("Pos(%d, %d) of a panic site has no place in the cell", i+1, col)
				}
				got = append(got, [2]int{l, c})
			}
			if len(got) != len(tt.sites) {
				t.Fatalf("Compile(%q) panic sites at %v, want %v\n%s", tt.src, got, tt.sites, u.Source)
			}
			for i := range got {
				if got[i] != tt.sites[i] {
					t.Errorf("Compile(%q) panic site %d at %v, want %v\n%s", tt.src, i, got[i], tt.sites[i], u.Source)
				}
			}
		})
	}
}

// TestPanicSitesOnlyWhenNeeded checks that a cell without a panic call is
// left alone and has no panic sites.
func TestPanicSitesOnlyWhenNeeded(t *testing.T) {
	u, err := NewSession().Compile("x := 1\nfmt.Println(x)", 1)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(u.Source, "gonote_v") {
		t.Errorf("compiled source has a panic helper:\n%s", u.Source)
	}
	for l := 1; l <= strings.Count(u.Source, "\n"); l++ {
		if u.PanicSite(l, 2) {
			t.Errorf("PanicSite(%d, 2) = true in a cell without panics", l)
		}
	}
}
