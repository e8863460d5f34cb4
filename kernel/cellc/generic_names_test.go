package cellc

import (
	"strings"
	"testing"
)

// TestGenericNames checks that a generic declaration named as a generic
// function or type the interpreter runs from source gets a name of its
// own, and that others keep theirs.
func TestGenericNames(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // in the compiled source
		notWant   []string
	}{
		{"slices.Collect", "func Collect[T any](in <-chan T) []T { return nil }\nfmt.Println(Collect(make(chan int)))",
			[]string{"func Collect__v2[T any, gonote_ any]", "Collect__v2[int, any]("}, nil},
		{"unexported yaegi helper", "func isNaN[T comparable](x T) bool { return x != x }\nfmt.Println(isNaN(1.0))",
			[]string{"func isNaN__v2[T comparable, gonote_ any]"}, nil},
		{"generic type", "type Pointer[T any] struct{ p *T }\nvar p Pointer[int]\nfmt.Println(p.p)",
			[]string{"type Pointer__v2[T any]"}, nil},
		{"not generic", "func Collect(in []int) []int { return in }\nfmt.Println(Collect(nil))",
			[]string{"Collect = func"}, []string{"__v2"}},
		{"other name", "func Gather[T any](in []T) []T { return in }\nfmt.Println(Gather([]int{1}))",
			[]string{"func Gather[T any, gonote_ any]"}, []string{"__v2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := NewSession().Compile(tt.src, 1)
			if err != nil {
				t.Fatalf("Compile(%q) = %v", tt.src, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(u.Source, w) {
					t.Errorf("Compile(%q) source lacks %q:\n%s", tt.src, w, u.Source)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(u.Source, w) {
					t.Errorf("Compile(%q) source has %q:\n%s", tt.src, w, u.Source)
				}
			}
		})
	}
}
