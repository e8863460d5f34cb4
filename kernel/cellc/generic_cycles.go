package cellc

import (
	"go/ast"
	"go/types"
	"strings"
)

// checkGenericCycles refuses the cell's generic types that refer to
// themselves through instances of generic types: instantiating one
// recurses in the interpreter until the worker's stack overflows, which
// ends the kernel and every variable of the session. A generic type with
// one type parameter may refer to itself directly (a Tree[T] with
// children *Tree[T]); with two or more (a Node[K, V] with next *Node[K,
// V]), or through another generic type (E[T] and L[T] that point to
// each other), it may not.
func (c *compilation) checkGenericCycles() error {
	info := c.s.info
	specs := map[*types.TypeName]*ast.TypeSpec{}
	var order []*types.TypeName
	for _, ts := range c.typeSpecs() {
		if tn, ok := info.Defs[ts.Name].(*types.TypeName); ok && ts.TypeParams != nil {
			specs[tn] = ts
			order = append(order, tn)
		}
	}
	// refs[t] lists the cell's generic types t's declaration mentions.
	refs := map[*types.TypeName][]*types.TypeName{}
	for _, tn := range order {
		seen := map[*types.TypeName]bool{}
		ast.Inspect(specs[tn].Type, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if u, ok := info.Uses[id].(*types.TypeName); ok && specs[u] != nil && !seen[u] {
					seen[u] = true
					refs[tn] = append(refs[tn], u)
				}
			}
			return true
		})
	}
	// A depth-first walk finds a cycle as a type met again on its path.
	done := map[*types.TypeName]bool{}
	var path []*types.TypeName
	var cycle []*types.TypeName
	var visit func(tn *types.TypeName) bool
	visit = func(tn *types.TypeName) bool {
		for i, p := range path {
			if p == tn {
				cycle = path[i:]
				return true
			}
		}
		if done[tn] {
			return false
		}
		path = append(path, tn)
		for _, r := range refs[tn] {
			if r == tn && specs[tn].TypeParams.NumFields() == 1 {
				continue // Tree[T] in Tree[T]: the interpreter copes
			}
			if visit(r) {
				return true
			}
		}
		path = path[:len(path)-1]
		done[tn] = true
		return false
	}
	for _, tn := range order {
		if !visit(tn) {
			continue
		}
		if len(cycle) == 1 {
			return c.unsupported(specs[cycle[0]].Name.Pos(), "generic type "+cycle[0].Name()+" with more than one type parameter refers to itself, which overflows the interpreter's stack")
		}
		var names []string
		for _, t := range cycle {
			names = append(names, t.Name())
		}
		return c.unsupported(specs[cycle[0]].Name.Pos(), "generic types "+strings.Join(names, ", ")+" refer to each other, which overflows the interpreter's stack")
	}
	return nil
}
