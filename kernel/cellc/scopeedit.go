package cellc

import (
	"errors"
	"go/types"
	"reflect"
	"unsafe"
)

// go/types has no API to take a name out of a scope or a method off a named
// type, which redefining a declaration in a later cell needs: the session is
// one incrementally checked package, and Go forbids declaring a name twice
// in it. These two helpers reach into the unexported fields that hold them.
// TestScopeEdit fails if a Go release changes their layout.

var errNoScopeEdit = errors.New("cannot redefine declarations: go/types internals changed")

// scopeDelete removes name from s.
func scopeDelete(s *types.Scope, name string) error {
	f := reflect.ValueOf(s).Elem().FieldByName("elems")
	if !f.IsValid() || f.Kind() != reflect.Map {
		return errNoScopeEdit
	}
	m := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	if !m.IsNil() {
		m.SetMapIndex(reflect.ValueOf(name), reflect.Value{})
	}
	return nil
}

// removeMethod takes m off the methods declared for n.
func removeMethod(n *types.Named, m *types.Func) error {
	f := reflect.ValueOf(n).Elem().FieldByName("methods")
	if !f.IsValid() || f.Type() != reflect.TypeFor[[]*types.Func]() {
		return errNoScopeEdit
	}
	p := (*[]*types.Func)(unsafe.Pointer(f.UnsafeAddr()))
	kept := (*p)[:0:0]
	for _, x := range *p {
		if x != m {
			kept = append(kept, x)
		}
	}
	*p = kept
	return nil
}

// declMap returns the checker's map of package-level declarations, for
// forgetDecls.

func declMap(chk *types.Checker) (reflect.Value, error) {
	f := reflect.ValueOf(chk).Elem().FieldByName("objMap")
	if !f.IsValid() || f.Kind() != reflect.Map {
		return reflect.Value{}, errNoScopeEdit
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem(), nil
}

// forgetDecls empties the checker's map of package-level declarations
// (see declMap), keeping the entries of type names in stash. go/types keeps
// every declaration ever checked in that map and sorts and walks all of
// them again for each new file, so a session's cells got slower the more
// cells ran. Variables, constants and functions already checked never need
// their declaration again: they are complete, and go/types records
// dependencies only among declarations in the map. A type name's
// declaration is looked up again when a later cell declares a method on
// it; rememberDecl puts it back for that cell.
func forgetDecls(decls reflect.Value, scope *types.Scope, stash map[*types.TypeName]reflect.Value) {
	it := decls.MapRange()
	for it.Next() {
		if obj, ok := it.Key().Interface().(*types.TypeName); ok && scope.Lookup(obj.Name()) == obj {
			stash[obj] = it.Value()
		}
	}
	decls.Clear()
}

// rememberDecl puts a type name's declaration back in the checker's map
// (see forgetDecls). It reports false when none was kept.
func rememberDecl(decls reflect.Value, stash map[*types.TypeName]reflect.Value, obj *types.TypeName) bool {
	v, ok := stash[obj]
	if ok {
		decls.SetMapIndex(reflect.ValueOf(obj), v)
	}
	return ok
}
