package cellc

import (
	"go/ast"
	"go/types"
)

// orderGenericMethods reorders the methods of the cell's generic types so
// that each comes after the methods of the same type it calls. The
// interpreter compiles a generic type's methods in file order and cannot
// resolve a call to one declared further down: "func (q *Queue[T]) Push(v
// T) { if q.Len() > 9 {…} }" before Len failed with "undefined selector:
// Len". Methods that call each other in a cycle cannot be ordered so: the
// cell fails, naming them. Everything else keeps its place in the file.
func (c *compilation) orderGenericMethods() error {
	if c.fileA == nil {
		return nil
	}
	info := c.s.info
	// The generic methods, and the file slots they occupy.
	var slots []int
	index := map[*types.Func]int{} // method -> its position in slots
	for i, d := range c.fileA.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 || !genericRecv(fd.Recv.List[0].Type) {
			continue
		}
		fn, _ := info.Defs[fd.Name].(*types.Func)
		if fn == nil {
			continue
		}
		index[fn] = len(slots)
		slots = append(slots, i)
	}
	if len(slots) < 2 {
		return nil
	}
	// calls[i] lists the other methods method i calls.
	calls := make([][]int, len(slots))
	for i, slot := range slots {
		fd := c.fileA.Decls[slot].(*ast.FuncDecl)
		seen := map[int]bool{i: true}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			s := info.Selections[sel]
			if s == nil || s.Kind() == types.FieldVal {
				return true
			}
			if fn, ok := s.Obj().(*types.Func); ok {
				if j, ok := index[fn.Origin()]; ok && !seen[j] {
					seen[j] = true
					calls[i] = append(calls[i], j)
				}
			}
			return true
		})
	}
	// A depth-first walk emits each method after its callees; a callee
	// still on the walk's stack closes a cycle.
	const (
		unvisited = iota
		visiting
		done
	)
	state := make([]int, len(slots))
	order := make([]int, 0, len(slots))
	cycle := [2]int{-1, -1} // a caller and its callee on the stack
	var visit func(i int)
	visit = func(i int) {
		state[i] = visiting
		for _, j := range calls[i] {
			switch state[j] {
			case unvisited:
				visit(j)
			case visiting:
				if cycle[0] < 0 {
					cycle = [2]int{i, j}
				}
			}
		}
		state[i] = done
		order = append(order, i)
	}
	for i := range slots {
		if state[i] == unvisited {
			visit(i)
		}
	}
	if cycle[0] >= 0 {
		caller := c.fileA.Decls[slots[cycle[0]]].(*ast.FuncDecl)
		callee := c.fileA.Decls[slots[cycle[1]]].(*ast.FuncDecl)
		typ := recvBase(caller.Recv)
		return c.unsupported(caller.Name.Pos(), "methods "+typ+"."+callee.Name.Name+" and "+typ+"."+caller.Name.Name+" of a generic type call each other")
	}
	decls := make([]ast.Decl, len(slots))
	for k, i := range order {
		decls[k] = c.fileA.Decls[slots[i]]
	}
	for k, slot := range slots {
		c.fileA.Decls[slot] = decls[k]
	}
	return nil
}
