package cellc

import (
	"fmt"
	"go/ast"
	"go/types"
	"hash/fnv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// stdGeneric holds interpreted replacements for generic functions of the
// standard library whose source, as the interpreter runs it, hangs or fails
// (they clear the tail of a slice with the clear builtin, or copy a map with
// a runtime hook). Each is a function of package p named F whose type
// parameters are written as the placeholders S, E (slices) or M, K, V
// (maps), in the order of the original's type parameters.
var stdGeneric = map[string]struct {
	params []string
	src    string
}{
	"slices.Compact": {[]string{"S", "E"}, `func F(s S) S {
	if len(s) < 2 {
		return s
	}
	i := 1
	for k := 1; k < len(s); k++ {
		if s[k] != s[k-1] {
			s[i] = s[k]
			i++
		}
	}
	var zero E
	for k := i; k < len(s); k++ {
		s[k] = zero
	}
	return s[:i]
}`},
	"slices.CompactFunc": {[]string{"S", "E"}, `func F(s S, eq func(E, E) bool) S {
	if len(s) < 2 {
		return s
	}
	i := 1
	for k := 1; k < len(s); k++ {
		if !eq(s[k], s[i-1]) {
			s[i] = s[k]
			i++
		}
	}
	var zero E
	for k := i; k < len(s); k++ {
		s[k] = zero
	}
	return s[:i]
}`},
	"slices.Delete": {[]string{"S", "E"}, `func F(s S, i, j int) S {
	_ = s[i:j:len(s)]
	if i == j {
		return s
	}
	n := len(s)
	s = append(s[:i], s[j:]...)
	t := s[:n]
	var zero E
	for k := len(s); k < n; k++ {
		t[k] = zero
	}
	return s
}`},
	"slices.DeleteFunc": {[]string{"S", "E"}, `func F(s S, del func(E) bool) S {
	i := 0
	for _, v := range s {
		if !del(v) {
			s[i] = v
			i++
		}
	}
	var zero E
	for k := i; k < len(s); k++ {
		s[k] = zero
	}
	return s[:i]
}`},
	"slices.Concat": {[]string{"S", "E"}, `func F(slices ...S) S {
	size := 0
	for _, s := range slices {
		size += len(s)
	}
	var out S
	if size > 0 {
		out = make(S, 0, size)
	}
	for _, s := range slices {
		out = append(out, s...)
	}
	return out
}`},
	"slices.Replace": {[]string{"S", "E"}, `func F(s S, i, j int, v ...E) S {
	_ = s[i:j]
	tot := len(s) - (j - i) + len(v)
	if tot > cap(s) {
		r := make(S, tot)
		copy(r, s[:i])
		copy(r[i:], v)
		copy(r[i+len(v):], s[j:])
		return r
	}
	n := len(s)
	r := s[:tot]
	if i+len(v) <= j {
		copy(r[i:], v)
		copy(r[i+len(v):], s[j:])
		var zero E
		t := s[:n]
		for k := tot; k < n; k++ {
			t[k] = zero
		}
		return r
	}
	copy(r[i+len(v):], s[j:])
	copy(r[i:], v)
	return r
}`},
	"maps.Clone": {[]string{"M", "K", "V"}, `func F(m M) M {
	if m == nil {
		return nil
	}
	r := make(M, len(m))
	for k, v := range m {
		r[k] = v
	}
	return r
}`},
}

// passStdGeneric replaces calls of the generic standard-library functions
// in stdGeneric with calls of a helper for their instance, declared once
// per session:
//
//	slices.Compact(xs)  =>  gonote_slicesCompact_1a2b3c4d(xs)
//
// where the helper is the replacement with S = []int, E = int.
func passStdGeneric(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		call, ok := cur.Node().(*ast.CallExpr)
		if !ok {
			return true
		}
		fun := ast.Unparen(call.Fun)
		switch x := fun.(type) {
		case *ast.IndexExpr:
			fun = x.X
		case *ast.IndexListExpr:
			fun = x.X
		}
		sel, ok := fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		fn, ok := c.s.info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil {
			return true
		}
		key := fn.Pkg().Path() + "." + fn.Name()
		repl, ok := stdGeneric[key]
		if !ok {
			return true
		}
		inst, ok := c.s.info.Instances[sel.Sel]
		if !ok || inst.TypeArgs.Len() != len(repl.params) {
			return true
		}
		var args []string
		for i := 0; i < inst.TypeArgs.Len(); i++ {
			args = append(args, c.typeString(inst.TypeArgs.At(i)))
		}
		h := fnv.New32a()
		h.Write([]byte(key + "[" + strings.Join(args, ",") + "]"))
		name := fmt.Sprintf("gonote_%s_%08x", strings.ReplaceAll(key, ".", ""), h.Sum32())
		src := strings.Replace(repl.src, "func F(", "func "+name+"(", 1)
		// The placeholders are single capital letters; replace them as
		// whole words.
		src = replaceWords(src, repl.params, args)
		c.sourceHelper(name, "package p\n"+src)
		call.Fun = ast.NewIdent(name)
		return true
	})
	return nil
}

// replaceWords replaces every identifier of src that is one of names with
// the corresponding value.
func replaceWords(src string, names, values []string) string {
	isWord := func(b byte) bool {
		return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
	}
	var out strings.Builder
	for i := 0; i < len(src); {
		if !isWord(src[i]) {
			out.WriteByte(src[i])
			i++
			continue
		}
		j := i
		for j < len(src) && isWord(src[j]) {
			j++
		}
		word := src[i:j]
		for k, n := range names {
			if word == n {
				word = values[k]
				break
			}
		}
		out.WriteString(word)
		i = j
	}
	return out.String()
}
