package cellc

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCompile checks that no cell makes the compiler panic or return
// anything but a unit or an *Error, and that a compiled unit's source
// parses. A panic here would take the kernel down with the cell.
func FuzzCompile(f *testing.F) {
	files, _ := filepath.Glob("testdata/passes/*.go")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(string(src))
		}
	}
	for _, tc := range compileErrorCases {
		f.Add(tc.src)
	}
	f.Add("x := 1\nfunc f() int { return x }\nfor i := range 3 { go func() { fmt.Println(i, f()) }() }")
	f.Add("select {\ncase v, ok := <-c:\n\tif !ok { break }\n\tcontinue\n}")
	f.Fuzz(func(t *testing.T, src string) {
		s := NewSession()
		u, err := s.Compile(src, 1)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Compile(%q) = %v, want an *Error", src, err)
			}
			return
		}
		if u.posmap = u.buildPosMap(); len(u.posmap.out) == 0 && u.Source != "" && u.Runs {
			t.Fatalf("Compile(%q): compiled source does not parse or map back:\n%s", src, u.Source)
		}
		s.Commit(u)
		if _, err := s.Compile(src, 2); err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Compile(%q) again = %v, want an *Error", src, err)
			}
		}
	})
}
