package cellc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
)

// posMap maps positions in a unit's Source back to the cell. It is built on
// first use by parsing Source again and walking the new syntax tree in step
// with the printed one: the n-th node of one is the n-th node of the other.
type posMap struct {
	out  []token.Position // node starts in Source, sorted
	cell []token.Position // the same nodes' starts in the cell (Line 0: none)
	// panics are the starts in Source of the panic calls given a frame of
	// their own.
	panics map[[2]int]bool
	// helpers are the first and last lines in Source of the compiler's
	// helper declarations, which have no place in the cell.
	helpers [][2]int
}

// Pos maps a line and column of u.Source to the cell's line and column. ok
// is false when the place has no counterpart in the cell (code the compiler
// added before any of the cell's code).
func (u *Unit) Pos(line, col int) (cellLine, cellCol int, ok bool) {
	if u.posmap == nil {
		u.posmap = u.buildPosMap()
	}
	pm := u.posmap
	for _, h := range pm.helpers {
		if line >= h[0] && line <= h[1] {
			return 0, 0, false
		}
	}
	i := sort.Search(len(pm.out), func(i int) bool {
		p := pm.out[i]
		return p.Line > line || p.Line == line && p.Column > col
	}) - 1
	for ; i >= 0; i-- {
		if pm.cell[i].Line > 0 {
			break
		}
	}
	if i < 0 {
		return 0, 0, false
	}
	o, c := pm.out[i], pm.cell[i]
	if o.Line == line {
		return c.Line, c.Column + col - o.Column, true
	}
	return c.Line, c.Column, true
}

// PanicSite reports whether line:col of u.Source is an explicit panic that
// the compiler moved into a function literal of its own. The interpreter
// reports a frame there for that literal: the frame is the compiler's, and
// its position is where the caller's frame panicked.
func (u *Unit) PanicSite(line, col int) bool {
	if u.posmap == nil {
		u.posmap = u.buildPosMap()
	}
	return u.posmap.panics[[2]int{line, col}]
}

func (u *Unit) buildPosMap() *posMap {
	pm := &posMap{}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, u.Name, u.Source, 0)
	if err != nil || u.out == nil {
		return pm
	}
	a, b := nodes(u.out), nodes(f)
	if len(a) != len(b) {
		return pm
	}
	if len(u.out.Decls) == len(f.Decls) {
		for i, d := range u.out.Decls {
			if u.helpers[d] {
				pm.helpers = append(pm.helpers, [2]int{fset.Position(f.Decls[i].Pos()).Line, fset.Position(f.Decls[i].End()).Line})
			}
		}
	}
	type pair struct{ out, cell token.Position }
	var pairs []pair
	for i := range a {
		if !b[i].Pos().IsValid() {
			continue
		}
		var cp token.Position
		if p := a[i].Pos(); p.IsValid() {
			cp = u.fset.Position(p)
			cp.Line -= u.lineOff
			if cp.Line < 1 || cp.Line > u.lines {
				cp = token.Position{}
			}
		}
		op := fset.Position(b[i].Pos())
		if u.panics[a[i]] {
			if pm.panics == nil {
				pm.panics = make(map[[2]int]bool)
			}
			pm.panics[[2]int{op.Line, op.Column}] = true
		}
		pairs = append(pairs, pair{op, cp})
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		if pairs[i].out.Line != pairs[j].out.Line {
			return pairs[i].out.Line < pairs[j].out.Line
		}
		return pairs[i].out.Column < pairs[j].out.Column
	})
	for _, p := range pairs {
		pm.out = append(pm.out, p.out)
		pm.cell = append(pm.cell, p.cell)
	}
	return pm
}

// nodes lists the nodes of f in depth-first order, except comments and
// the distinction between one-index and many-index expressions, which the
// printer may not keep.
func nodes(f *ast.File) []ast.Node {
	var list []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || reflect.ValueOf(n).IsNil() {
			return false
		}
		switch n.(type) {
		case *ast.CommentGroup, *ast.Comment:
			return false
		}
		list = append(list, n)
		return true
	})
	return list
}
