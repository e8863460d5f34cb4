package cellc

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// passFmtType writes the type name for a %T verb whose operand has a type
// the cell's code declares, because the interpreter gives such values the
// underlying type at run time (it prints "int" for a main.Celsius). The
// operand's static type is its dynamic type unless it is an interface, so
// the name is known at compile time:
//
//	fmt.Printf("%T %d\n", c, c)  =>  fmt.Printf("%s %d\n", "main.Celsius", c)
//
// A numeric verb (%d, %x is not one: it uses String) on such a value gets
// the value converted to its basic underlying type, which is what fmt
// formats in Go, since the interpreter hands fmt a value of a type with
// methods wrapped in a struct:
//
//	fmt.Printf("%d", state)  =>  fmt.Printf("%d", int(state))
//
// Only constant formats without explicit argument indexes are rewritten.
func passFmtType(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		call, ok := cur.Node().(*ast.CallExpr)
		if !ok || call.Ellipsis != token.NoPos {
			return true
		}
		fi := -1
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && c.isFunc(sel, "fmt", sel.Sel.Name) {
			switch sel.Sel.Name {
			case "Printf", "Sprintf", "Errorf":
				fi = 0
			case "Fprintf", "Appendf":
				fi = 1
			}
		}
		if fi < 0 || len(call.Args) <= fi {
			return true
		}
		tv := c.s.info.Types[call.Args[fi]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			return true
		}
		format := constant.StringVal(tv.Value)
		if strings.Contains(format, "%[") {
			return true
		}
		var b strings.Builder
		arg := fi + 1
		changed := false
		for i := 0; i < len(format); i++ {
			ch := format[i]
			b.WriteByte(ch)
			if ch != '%' {
				continue
			}
			j := i + 1
			for j < len(format) && strings.IndexByte("+-# 0123456789.*", format[j]) >= 0 {
				if format[j] == '*' {
					arg++
				}
				j++
			}
			if j >= len(format) {
				b.WriteString(format[i+1:])
				break
			}
			verb := format[j]
			b.WriteString(format[i+1 : j])
			i = j
			if verb == '%' {
				b.WriteByte('%')
				continue
			}
			if verb == 'T' && arg < len(call.Args) {
				if name, ok := c.reflectName(c.typeOf(call.Args[arg])); ok {
					b.WriteByte('s')
					call.Args[arg] = &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(name)}
					changed = true
					arg++
					continue
				}
			}
			if strings.IndexByte("bcdoOeEfFgGU", verb) >= 0 && arg < len(call.Args) {
				// A numeric verb formats the number even when the
				// type has a String method, but the interpreter hands
				// fmt such a value wrapped in a struct of its own.
				if u, ok := c.sessionBasic(c.typeOf(call.Args[arg])); ok {
					call.Args[arg] = &ast.CallExpr{Fun: ast.NewIdent(u.Name()), Args: []ast.Expr{call.Args[arg]}}
					changed = true
				}
			}
			b.WriteByte(verb)
			arg++
		}
		if changed {
			call.Args[fi] = &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(b.String())}
		}
		return true
	})
	return nil
}

// reflectName returns t's name as reflect (and so %T) writes it, when t
// involves a type the cell's code declares and the interpreter would not
// print it right.
func (c *compilation) reflectName(t types.Type) (string, bool) {
	if t == nil {
		return "", false
	}
	mine := false
	var name func(t types.Type) (string, bool)
	name = func(t types.Type) (string, bool) {
		switch t := t.(type) {
		case *types.Basic:
			return t.Name(), t.Info()&types.IsUntyped == 0
		case *types.Named:
			obj := t.Obj()
			if obj.Pkg() == nil {
				return obj.Name(), true
			}
			if obj.Pkg() == c.s.pkg {
				mine = true
			}
			s := obj.Pkg().Name() + "." + obj.Name()
			if args := t.TypeArgs(); args.Len() > 0 {
				var parts []string
				for i := 0; i < args.Len(); i++ {
					p, ok := name(args.At(i))
					if !ok {
						return "", false
					}
					parts = append(parts, p)
				}
				s += "[" + strings.Join(parts, ",") + "]"
			}
			return s, true
		case *types.Pointer:
			e, ok := name(t.Elem())
			return "*" + e, ok
		case *types.Slice:
			e, ok := name(t.Elem())
			return "[]" + e, ok
		case *types.Array:
			e, ok := name(t.Elem())
			return "[" + strconv.FormatInt(t.Len(), 10) + "]" + e, ok
		case *types.Map:
			k, ok1 := name(t.Key())
			v, ok2 := name(t.Elem())
			return "map[" + k + "]" + v, ok1 && ok2
		case *types.Chan:
			e, ok := name(t.Elem())
			switch t.Dir() {
			case types.SendOnly:
				return "chan<- " + e, ok
			case types.RecvOnly:
				return "<-chan " + e, ok
			}
			return "chan " + e, ok
		}
		return "", false
	}
	if _, isIface := t.Underlying().(*types.Interface); isIface {
		return "", false
	}
	s, ok := name(t)
	return s, ok && mine
}

// sessionBasic returns the basic underlying type of t when t is a named
// type the cell's code declares, with methods.
func (c *compilation) sessionBasic(t types.Type) (*types.Basic, bool) {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() != c.s.pkg || n.NumMethods() == 0 {
		return nil, false
	}
	b, ok := n.Underlying().(*types.Basic)
	return b, ok
}
