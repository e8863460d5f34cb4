package cellc

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// passTypeTags gives each struct type the cell declares a tag naming it,
// on its first field, or on a field _ struct{} added to an empty struct:
//
//	type A struct{ N int }  =>  type A struct{ N int `gonote:"A.3.1"` }
//	type key struct{}       =>  type key struct{ _ struct{} `json:"-" gonote:"key.3.2"` }
//
// yaegi builds struct types with reflect, which cannot name a type: two
// types with the same fields were one type once in an interface. A type
// switch took a Deleted{1} for a Created{1}, ctx.Value(userKey{}) found
// the value stored under requestIDKey{}, %T named either one, and a
// String method of one was lost when the other was declared. A tag is
// part of a struct type's identity; fmt prints no tags, and conversions
// ignore them. The view helpers print an empty struct of the session (see
// viewNeeded), so that the added field does not show.
func passTypeTags(c *compilation) error {
	i := 0
	for _, n := range c.structNodes() {
		ast.Inspect(n, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok || ts.Assign.IsValid() {
				return true
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok || st.Fields == nil {
				return true
			}
			i++
			id := fmt.Sprintf(`gonote:"%s.%d.%d"`, ts.Name.Name, c.n, i)
			if len(st.Fields.List) == 0 {
				pos := st.Fields.Opening
				st.Fields.List = []*ast.Field{{
					Names: []*ast.Ident{{NamePos: pos, Name: "_"}},
					Type:  &ast.StructType{Struct: pos, Fields: &ast.FieldList{Opening: pos, Closing: pos}},
					Tag:   &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: "`" + `json:"-" ` + id + "`"},
				}}
				return true
			}
			first := st.Fields.List[0]
			first.Tag = addTag(first.Tag, first.Type.End(), id)
			return true
		})
	}
	return nil
}

// addTag returns tag (which may be nil) with kv added at its end.
func addTag(tag *ast.BasicLit, pos token.Pos, kv string) *ast.BasicLit {
	s := ""
	if tag != nil {
		s, _ = strconv.Unquote(tag.Value)
		pos = tag.ValuePos
	}
	if s != "" {
		s += " "
	}
	s += kv
	value := "`" + s + "`"
	if strings.Contains(s, "`") {
		value = strconv.Quote(s)
	}
	return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: value}
}
