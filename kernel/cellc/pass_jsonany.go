package cellc

import (
	"fmt"
	"go/ast"
	"go/types"
	"hash/fnv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// passJSONAny hands encoding/json the values of the session's types that
// an interface holds, and calls their MarshalJSON methods. yaegi keeps a
// value of a type with methods, once in an interface, in a wrapper whose
// fields encoding/json cannot see: map[string]any{"p": Point{1, 2}}
// encoded as {"p":{}}. Nor can encoding/json call an interpreted
// MarshalJSON. So the value given to json.Marshal, json.MarshalIndent or
// an Encoder's Encode, when it is an interface, a map or slice of
// interfaces, or of a session type with a MarshalJSON method, goes through
// a helper first:
//
//	json.Marshal(resp)  =>  json.Marshal(gonote_json_1a2b3c4d(resp))
//
// The helper copies maps of string to any and slices of any, and turns
// each of the session's values in them into a json.RawMessage: of its
// MarshalJSON method if it has one, else of encoding/json's encoding of
// the value as its own type. Values inside the fields of structs are left
// as they are.
func passJSONAny(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		call, ok := cur.Node().(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		if !c.isFunc(call.Fun, "encoding/json", "Marshal") && !c.isFunc(call.Fun, "encoding/json", "MarshalIndent") && !c.isJSONEncode(call.Fun) {
			return true
		}
		if !c.jsonNeeded(c.typeOf(call.Args[0])) {
			return true
		}
		name := c.jsonHelper()
		if name == "" {
			return true
		}
		call.Args[0] = &ast.CallExpr{Fun: ast.NewIdent(name), Args: []ast.Expr{call.Args[0]}}
		return true
	})
	return nil
}

// isJSONEncode reports whether fun is the method Encode of a
// *json.Encoder.
func (c *compilation) isJSONEncode(fun ast.Expr) bool {
	sel, ok := ast.Unparen(fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := c.s.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Name() != "Encode" || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/json" {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}

// jsonNeeded reports whether a value of static type t may hold one of the
// session's values that encoding/json would encode wrongly.
func (c *compilation) jsonNeeded(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return true
	case *types.Map:
		return types.IsInterface(u.Elem())
	case *types.Slice:
		return types.IsInterface(u.Elem())
	}
	return c.sessionDeclared(t) && c.marshalsJSON(t)
}

// marshalsJSON reports whether t has a method MarshalJSON() ([]byte,
// error).
func (c *compilation) marshalsJSON(t types.Type) bool {
	sel := types.NewMethodSet(t).Lookup(nil, "MarshalJSON")
	if sel == nil {
		return false
	}
	sig, ok := sel.Type().(*types.Signature)
	return ok && sig.Params().Len() == 0 && sig.Results().Len() == 2
}

// jsonHelper returns the name of the helper of passJSONAny for the
// session's types as they are now, or "" when none needs it.
func (c *compilation) jsonHelper() string {
	anyT := types.Universe.Lookup("any").Type()
	cands := c.candidates(anyT)
	if len(cands) == 0 {
		return ""
	}
	var names []string
	for _, cand := range cands {
		names = append(names, c.typeString(cand))
	}
	h := fnv.New32a()
	h.Write([]byte("json|" + strings.Join(names, ",")))
	name := fmt.Sprintf("gonote_json_%08x", h.Sum32())
	JSON := c.importName("encoding/json", "json")
	var b strings.Builder
	fmt.Fprintf(&b, "package p\nfunc %s(v any) any {\n", name)
	fmt.Fprintf(&b, "\tswitch x := v.(type) {\n\tcase map[string]any:\n\t\tm := make(map[string]any, len(x))\n\t\tfor k, e := range x {\n\t\t\tm[k] = %s(e)\n\t\t}\n\t\treturn m\n", name)
	fmt.Fprintf(&b, "\tcase []any:\n\t\ts := make([]any, len(x))\n\t\tfor i, e := range x {\n\t\t\ts[i] = %s(e)\n\t\t}\n\t\treturn s\n\t}\n", name)
	b.WriteString(c.dispatch(anyT, "v", func(cand types.Type, x string) string {
		if c.marshalsJSON(cand) {
			return fmt.Sprintf("if b, err := %s.MarshalJSON(); err == nil {\n\t\t\treturn %s.RawMessage(b)\n\t\t}\n\t\treturn v", x, JSON)
		}
		return fmt.Sprintf("if b, err := %s.Marshal(%s); err == nil {\n\t\t\treturn %s.RawMessage(b)\n\t\t}\n\t\treturn v", JSON, x, JSON)
	}))
	b.WriteString("\treturn v\n}\n")
	return c.sourceHelper(name, b.String())
}
