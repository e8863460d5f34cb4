package cellc

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// passJSONTags gives the unexported fields of the cell's struct types the
// tag json:"-" (replacing a json key they have). yaegi exports them, under
// X and their name, in the struct types it builds with reflect, so
// encoding/json wrote them ("Xcount":3), where Go's ignores them:
//
//	type T struct{ ID int; count int }  =>  type T struct{ ID int; count int `json:"-"` }
//
// An embedded field is left alone: json promotes the fields of an
// unexported embedded struct (which yaegi's does not).
func passJSONTags(c *compilation) error {
	for _, n := range c.structNodes() {
		ast.Inspect(n, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok || st.Fields == nil {
				return true
			}
			var list []*ast.Field
			for _, field := range st.Fields.List {
				if len(field.Names) == 0 || !hasUnexportedName(field.Names) {
					list = append(list, field)
					continue
				}
				// A field of exported and unexported names is split.
				var exported, unexported []*ast.Ident
				for _, id := range field.Names {
					if exportedName(id.Name) {
						exported = append(exported, id)
					} else {
						unexported = append(unexported, id)
					}
				}
				if len(exported) > 0 {
					list = append(list, &ast.Field{Names: exported, Type: field.Type, Tag: field.Tag})
				}
				list = append(list, &ast.Field{Doc: field.Doc, Names: unexported, Type: field.Type, Tag: jsonIgnored(field), Comment: field.Comment})
			}
			st.Fields.List = list
			return true
		})
	}
	return nil
}

// jsonIgnored returns the tag of field with json:"-" for its json key.
func jsonIgnored(field *ast.Field) *ast.BasicLit {
	tag := ""
	if field.Tag != nil {
		tag, _ = strconv.Unquote(field.Tag.Value)
	}
	// Drop a json key the field has.
	if i := strings.Index(tag, `json:"`); i >= 0 && (i == 0 || tag[i-1] == ' ') {
		rest := tag[i+len(`json:"`):]
		if j := strings.IndexByte(rest, '"'); j >= 0 {
			tag = strings.TrimSpace(tag[:i] + rest[j+1:])
		}
	}
	if tag != "" {
		tag += " "
	}
	value := "`" + tag + `json:"-"` + "`"
	if strings.Contains(tag, "`") {
		value = strconv.Quote(tag + `json:"-"`)
	}
	return &ast.BasicLit{ValuePos: field.Type.End(), Kind: token.STRING, Value: value}
}

// exportedName reports whether a field name is exported.
func exportedName(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// hasUnexportedName reports whether one of names is not exported.
func hasUnexportedName(names []*ast.Ident) bool {
	for _, n := range names {
		if !exportedName(n.Name) {
			return true
		}
	}
	return false
}

// hasUnexportedField reports whether a struct type declares an unexported
// field, not embedded.
func hasUnexportedField(st *ast.StructType) bool {
	if st.Fields == nil {
		return false
	}
	for _, field := range st.Fields.List {
		if hasUnexportedName(field.Names) {
			return true
		}
	}
	return false
}

// structNodes returns the cell's files and the type declarations hoisted
// out of its functions (hoistLocalTypes), where its struct types are.
func (c *compilation) structNodes() []ast.Node {
	var out []ast.Node
	for _, f := range c.files() {
		out = append(out, f)
	}
	for _, d := range c.helperDecls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			out = append(out, gd)
		}
	}
	return out
}
