package cellc

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"hash/fnv"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// passFmtView formats, in interpreted code, the fmt operands the
// interpreter would print differently from Go, and hands fmt the text.
// The interpreter builds its own run-time types for the cell's types: a
// struct's unexported field "name" is "Xname" to reflect, so %+v printed
// {Xname:…}; %#v printed struct { … } for main.Point; a String or Error
// method is lost on a value inside a slice, map, struct or interface, so
// []State printed [1 2]; a nil pointer's String method was never called.
// A view helper written for the operand's static type walks the value as
// fmt's printValue does (field names, type names, nested methods, sorted
// map keys, pointers at depth 0) and formats each leaf with fmt itself:
//
//	fmt.Printf("%-8s %+v\n", name, job)  =>  fmt.Printf("%-8s %s\n", name, gonote_fmtv_1a2b3c4d(job, "%+v", 0, true))
//	fmt.Println("history:", states)       =>  fmt.Println("history:", gonote_fmtText(gonote_fmtv_…(states, "%v", 0, true)))
//
// An operand of an interface type is matched against the session's types
// that could be in it. Only operands whose output would differ get a
// helper; formats must be constants without explicit argument indexes.
func passFmtView(c *compilation) error {
	c.apply(nil, func(cur *astutil.Cursor) bool {
		call, ok := cur.Node().(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !c.isFunc(sel, "fmt", sel.Sel.Name) {
			return true
		}
		if call.Ellipsis.IsValid() {
			switch sel.Sel.Name {
			case "Print", "Println", "Sprint", "Sprintln", "Fprint", "Fprintln":
				c.viewSpreadArgs(call)
			}
			return true
		}
		switch sel.Sel.Name {
		case "Print", "Println", "Sprint", "Sprintln":
			c.viewPrintArgs(call, 0, sel.Sel.Name)
		case "Fprint", "Fprintln":
			c.viewPrintArgs(call, 1, sel.Sel.Name)
		case "Printf", "Sprintf", "Errorf":
			c.viewPrintfArgs(call, 0)
		case "Fprintf":
			c.viewPrintfArgs(call, 1)
		}
		return true
	})
	return nil
}

// viewPrintArgs gives the operands of a Print-style call from index first
// on their views. Print puts spaces between operands neither of which is
// a string, so a view of a non-string value goes to fmt as an error value
// (which prints its text), not a string.
func (c *compilation) viewPrintArgs(call *ast.CallExpr, first int, fn string) {
	for i := first; i < len(call.Args); i++ {
		a := call.Args[i]
		t := c.typeOf(a)
		if t == nil {
			continue
		}
		// An interface may hold a string of the session's types, which
		// fmt would not see as a string (see fmtOperandHelper).
		strs := c.sessionStringTypes(t)
		if !c.viewNeeded(t, 'v', "", true, map[types.Type]bool{}) && len(strs) == 0 {
			continue
		}
		if types.IsInterface(t) {
			// Whether the value is a string is known when it runs.
			call.Args[i] = &ast.CallExpr{Fun: ast.NewIdent(c.fmtOperandHelper(t, strs)), Args: []ast.Expr{a}}
			continue
		}
		v := c.viewCall(a, t, "%v")
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
			call.Args[i] = v
			continue
		}
		call.Args[i] = &ast.CallExpr{Fun: ast.NewIdent(c.fmtTextHelper()), Args: []ast.Expr{v}}
	}
}

// viewSpreadArgs gives the operands of a Print-style call with a spread
// slice (fmt.Println(xs...)) their views, by a helper that makes a slice
// of them.
func (c *compilation) viewSpreadArgs(call *ast.CallExpr) {
	last := len(call.Args) - 1
	st, ok := c.typeOf(call.Args[last]).Underlying().(*types.Slice)
	if !ok {
		return
	}
	strs := c.sessionStringTypes(st.Elem())
	if !c.viewNeeded(st.Elem(), 'v', "", true, map[types.Type]bool{}) && len(strs) == 0 {
		return
	}
	name, key, done := c.typeHelper("fmtall", st.Elem())
	if !done {
		c.declareHelper(key, fmt.Sprintf(`package p
func %s(xs []%s) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = %s(x)
	}
	return out
}`, name, c.typeString(st.Elem()), c.fmtOperandHelper(st.Elem(), strs)))
	}
	call.Args[last] = &ast.CallExpr{Fun: ast.NewIdent(name), Args: []ast.Expr{call.Args[last]}}
}

// sessionStringTypes returns the session's types of a string kind that
// t, an interface, may hold: the interpreter's values of them do not show
// their kind to fmt or reflect.
func (c *compilation) sessionStringTypes(t types.Type) []string {
	iface, ok := t.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var strs []string
	for _, n := range c.sessionTypes() {
		if b, ok := n.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 && types.Implements(n, iface) {
			strs = append(strs, c.typeString(n))
		}
	}
	return strs
}

// fmtOperandHelper returns the helper that turns a Print operand of type
// t into its view, as a string when the value is of a string kind and as
// an error value otherwise: Print puts a space between operands neither
// of which is a string, by their dynamic kind, so that an any holding "x"
// followed by 1 prints "x1".
// strs is what sessionStringTypes returns for t.
func (c *compilation) fmtOperandHelper(t types.Type, strs []string) string {
	what := "fmtarg"
	if len(strs) > 0 {
		// A later cell's string types need a helper of their own.
		h := fnv.New32a()
		h.Write([]byte(strings.Join(strs, ",")))
		what = fmt.Sprintf("fmtarg%08x", h.Sum32())
	}
	name, key, done := c.typeHelper(what, t)
	if !done {
		REFLECT := c.importName("reflect", "reflect")
		cases := ""
		if len(strs) > 0 {
			cases = "\n\tswitch v.(type) {\n\tcase " + strings.Join(strs, ", ") + ":\n\t\treturn s\n\t}"
		}
		c.declareHelper(key, fmt.Sprintf(`package p
func %s(x %s) any {
	s := %s(x, "%%v", 0, true)
	v, _ := %s(x)
	if v != nil && %s.TypeOf(v).Kind() == %s.String {
		return s
	}%s
	return %s(s)
}`, name, c.typeString(t), c.viewHelper(t), c.dynHelper(), REFLECT, REFLECT, cases, c.fmtTextHelper()))
	}
	return name
}

// viewPrintfArgs rewrites the directives of a Printf-style call whose
// operands need a view to %s, with the operand's view formatted by the
// original directive.
func (c *compilation) viewPrintfArgs(call *ast.CallExpr, fi int) {
	if len(call.Args) <= fi {
		return
	}
	var format string
	if lit, ok := call.Args[fi].(*ast.BasicLit); ok && lit.Kind == token.STRING {
		format, _ = strconv.Unquote(lit.Value) // written by passFmtType
	} else if tv := c.s.info.Types[call.Args[fi]]; tv.Value != nil && tv.Value.Kind() == constant.String {
		format = constant.StringVal(tv.Value)
	} else {
		return
	}
	dirs, ok := parseDirectives(format)
	if !ok {
		return
	}
	var b strings.Builder
	last := 0
	changed := false
	for _, d := range dirs {
		ai := fi + 1 + d.arg
		if ai >= len(call.Args) {
			break
		}
		a := call.Args[ai]
		t := c.typeOf(a)
		if t == nil {
			continue
		}
		var repl ast.Expr
		switch {
		case d.verb == 'w':
			// An error of the cell's own type is wrapped only if it
			// reaches fmt as an error, and one of the session's
			// pointer types only if it became one in a return (yaegi's
			// conversion error(p) in the call hands fmt a plain
			// pointer, which it prints as %!w(*struct {...})).
			if !types.IsInterface(t) && types.AssignableTo(t, types.Universe.Lookup("error").Type()) {
				fun := ast.Expr(ast.NewIdent("error"))
				switch {
				case c.boxable(t):
					fun = ast.NewIdent(c.errBoxHelper(t))
				case c.sessionDeclared(t) && !mentionsTypeParam(t) && c.packageLevel(t, map[types.Type]bool{}):
					fun = ast.NewIdent(c.errPtrHelper(t))
				}
				call.Args[ai] = &ast.CallExpr{Fun: fun, Args: []ast.Expr{a}}
			}
			continue
		case d.verb == 'T':
			if _, isIface := t.Underlying().(*types.Interface); isIface {
				if name := c.typeNameHelper(t); name != "" {
					repl = &ast.CallExpr{Fun: ast.NewIdent(name), Args: []ast.Expr{a}}
				}
			}
		case strings.IndexByte("vsqxX", d.verb) >= 0:
			if c.viewNeeded(t, d.verb, d.flags, true, map[types.Type]bool{}) {
				repl = c.viewCall(a, t, d.text)
			}
		}
		if repl == nil {
			continue
		}
		b.WriteString(format[last:d.start])
		b.WriteString("%s")
		last = d.end
		call.Args[ai] = repl
		changed = true
	}
	if !changed {
		return
	}
	b.WriteString(format[last:])
	call.Args[fi] = &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(b.String())}
}

// directive is one formatting directive of a constant format.
type directive struct {
	start, end int    // its bytes in the format
	text       string // "%-8.2v"
	flags      string // "-"
	verb       byte
	arg        int // index of its operand among the operands
}

// parseDirectives lists the directives of format with the operands they
// take. ok is false for formats with explicit argument indexes.
func parseDirectives(format string) (dirs []directive, ok bool) {
	if strings.Contains(format, "%[") {
		return nil, false
	}
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0", format[j]) >= 0 {
			j++
		}
		flags := format[i+1 : j]
		for j < len(format) && strings.IndexByte("0123456789.*", format[j]) >= 0 {
			if format[j] == '*' {
				arg++
			}
			j++
		}
		if j >= len(format) {
			break
		}
		verb := format[j]
		if verb == '%' {
			i = j
			continue
		}
		dirs = append(dirs, directive{start: i, end: j + 1, text: format[i : j+1], flags: flags, verb: verb, arg: arg})
		arg++
		i = j
	}
	return dirs, true
}

// viewCall returns the call of t's view helper for the operand a.
func (c *compilation) viewCall(a ast.Expr, t types.Type, d string) ast.Expr {
	return &ast.CallExpr{Fun: ast.NewIdent(c.viewHelper(t)), Args: []ast.Expr{
		a, &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(d)},
		&ast.BasicLit{Kind: token.INT, Value: "0"}, ast.NewIdent("true"),
	}}
}

// viewNeeded reports whether fmt would print a value of static type t with
// verb (and flags) differently in the interpreter than in Go. methods is
// whether fmt may call methods on it (not below an unexported field).
func (c *compilation) viewNeeded(t types.Type, verb byte, flags string, methods bool, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if len(seen) == 1 && !c.packageLevel(t, map[types.Type]bool{}) {
		return false // helpers are package level
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != c.s.pkg && !types.IsInterface(t) {
		return false // compiled types print as they are (an interface may hold one of the session's)
	}
	sharp := verb == 'v' && strings.Contains(flags, "#")
	plus := verb == 'v' && strings.Contains(flags, "+")
	if c.fmtMethod(t) != "" && c.sessionDeclared(t) {
		// The method is called, or (for %#v and below an unexported
		// field) must not be: yaegi hands fmt a wrapper.
		if methods && strings.IndexByte("vsqxX", verb) >= 0 || sharp {
			return true
		}
	}
	if sharp && methods && c.goStringer(t) && c.sessionDeclared(t) {
		return true // fmt calls GoString, which yaegi's values lose
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		if sharp || u.NumFields() == 0 && c.sessionDeclared(t) {
			return true // (an empty struct of the session has a field: passTypeTags)
		}
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			if plus && !f.Exported() {
				return true
			}
			if c.viewNeeded(f.Type(), verb, flags, methods && f.Exported(), seen) {
				return true
			}
		}
	case *types.Pointer:
		return c.viewNeeded(u.Elem(), verb, flags, methods, seen)
	case *types.Slice:
		return c.viewNeeded(u.Elem(), verb, flags, methods, seen)
	case *types.Array:
		return c.viewNeeded(u.Elem(), verb, flags, methods, seen)
	case *types.Map:
		if c.lessFunc(u.Key()) == "" {
			return false
		}
		return c.viewNeeded(u.Key(), verb, flags, methods, seen) || c.viewNeeded(u.Elem(), verb, flags, methods, seen)
	case *types.Interface:
		// The interpreter's wrapper of a value in an interface of
		// compiled code (error, fmt.Stringer) keeps its methods; in an
		// empty interface or one the session declares it does not. %#v
		// calls none, and would print the wrapper.
		if !u.Empty() && !c.sessionIface(t) && !sharp {
			return false
		}
		// fmt sees the interpreter's own interface value, not what is
		// in it, when the value is one of the session's types.
		return len(c.candidates(t)) > 0
	}
	return false
}

// sessionDeclared reports whether t, or the type t points to, is a named
// type the session's code declares.
func (c *compilation) sessionDeclared(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() == c.s.pkg
}

// goStringer reports whether t has the method GoString() string, which fmt
// calls for %#v.
func (c *compilation) goStringer(t types.Type) bool {
	if types.IsInterface(t) {
		return false
	}
	sel := types.NewMethodSet(t).Lookup(nil, "GoString")
	if sel == nil {
		return false
	}
	sig, ok := sel.Type().(*types.Signature)
	return ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String])
}

// fmtMethod returns the method fmt calls for the v, s, q, x and X verbs on
// a value of type t: "Error", "String" or "".
func (c *compilation) fmtMethod(t types.Type) string {
	if _, ok := t.Underlying().(*types.Interface); ok {
		return ""
	}
	ms := types.NewMethodSet(t)
	for _, name := range []string{"Error", "String"} {
		sel := ms.Lookup(nil, name)
		if sel == nil {
			continue
		}
		sig, ok := sel.Type().(*types.Signature)
		if ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
			return name
		}
	}
	return ""
}

// candidates returns the session's types (and pointers to them) whose
// values an operand of interface type t may hold and that need a view.
func (c *compilation) candidates(t types.Type) []types.Type {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var out []types.Type
	for _, n := range c.sessionTypes() {
		for _, cand := range []types.Type{n, types.NewPointer(n)} {
			if !types.Implements(cand, it) {
				continue
			}
			// A value of a type with methods is in the interpreter's
			// wrapper, which fmt would print as it is.
			if c.fmtMethod(cand) != "" || hasStruct(cand) || c.hasMethods(cand) {
				out = append(out, cand)
			}
		}
	}
	return out
}

// hasStruct reports whether t is a struct or a pointer to one.
func hasStruct(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

// typeHelper returns the session-wide name and key of the helper of kind
// what for type t, and whether the session or this unit declares it.
func (c *compilation) typeHelper(what string, t types.Type) (name, key string, declared bool) {
	key = what + ":" + c.typeString(t)
	h := fnv.New32a()
	h.Write([]byte(key))
	name = fmt.Sprintf("gonote_%s_%08x", what, h.Sum32())
	_, inSession := c.s.helpers[key]
	_, inUnit := c.helpers[key]
	return name, key, inSession || inUnit
}

// viewHelper returns the name of the view helper for type t, declaring
// it (and the helpers of its parts) unless the session has it:
//
//	func NAME(v T, d string, depth int, m bool) string
//
// formats v as fmt does with directive d at nesting depth; m is false
// below an unexported field, where fmt calls no methods.
func (c *compilation) viewHelper(t types.Type) string {
	name, key, done := c.typeHelper("fmtv", t)
	if done {
		return name
	}
	c.helpers[key] = name // before the body: recursive types refer to it
	FMT, STRINGS := c.importName("fmt", "fmt"), c.importName("strings", "strings")
	tname := strconv.Quote(c.reflectTypeName(t))
	var b strings.Builder
	fmt.Fprintf(&b, "package p\nfunc %s(v %s, d string, depth int, m bool) string {\n", name, c.typeString(t))
	b.WriteString("\tverb := d[len(d)-1]\n\tsharp := verb == 'v' && " + STRINGS + ".Contains(d, \"#\")\n")
	b.WriteString("\tplus := verb == 'v' && " + STRINGS + ".Contains(d, \"+\")\n\t_, _, _ = sharp, plus, " + FMT + ".Sprint()\n")
	if m := c.fmtMethod(t); m != "" {
		nilPtr := "false"
		if _, ok := t.Underlying().(*types.Pointer); ok {
			nilPtr = "v == nil"
		}
		fmt.Fprintf(&b, "\tif m && !sharp && %s.IndexByte(\"vsqxX\", verb) >= 0 {\n", STRINGS)
		fmt.Fprintf(&b, "\t\treturn %s(d, %q, %s, func() string { return v.%s() })\n\t}\n", c.fmtCallHelper(), m, nilPtr, m)
	}
	if c.goStringer(t) {
		nilPtr := "false"
		if _, ok := t.Underlying().(*types.Pointer); ok {
			nilPtr = "v == nil"
		}
		fmt.Fprintf(&b, "\tif m && sharp {\n\t\treturn %s(\"%%v\", \"GoString\", %s, func() string { return v.GoString() })\n\t}\n", c.fmtCallHelper(), nilPtr)
	}
	leaf := func(expr string, et types.Type, depthExpr, mExpr string) string {
		if c.viewNeeded(et, 'v', "#", true, map[types.Type]bool{}) || c.viewNeeded(et, 'v', "+", true, map[types.Type]bool{}) {
			return fmt.Sprintf("%s(%s, d, %s, %s)", c.viewHelper(et), expr, depthExpr, mExpr)
		}
		plain := c.plainValue(expr, et)
		switch {
		case plain == expr || c.fmtMethod(et) == "":
			return fmt.Sprintf("%s.Sprintf(d, %s)", FMT, expr)
		case mExpr == "false":
			return fmt.Sprintf("%s.Sprintf(d, %s)", FMT, plain)
		}
		// fmt calls the method unless the value is below an
		// unexported field.
		return fmt.Sprintf("%s(%s, d, %s, %s)", c.fmtIfHelper(), mExpr, expr, plain)
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		fmt.Fprintf(&b, "\tif v == nil {\n\t\tif sharp {\n\t\t\treturn \"(\" + %s + \")(nil)\"\n\t\t}\n\t\treturn %s(d)\n\t}\n", tname, c.fmtNilHelper())
		switch u.Elem().Underlying().(type) {
		case *types.Struct, *types.Array, *types.Slice, *types.Map:
			fmt.Fprintf(&b, "\tif depth == 0 {\n\t\treturn \"&\" + %s\n\t}\n", leaf("*v", u.Elem(), "depth+1", "m"))
		}
		fmt.Fprintf(&b, "\tif sharp {\n\t\treturn \"(\" + %s + \")(\" + %s.Sprintf(\"%%p\", v) + \")\"\n\t}\n", tname, FMT)
		fmt.Fprintf(&b, "\treturn %s.Sprintf(d[:len(d)-1]+\"p\", v)\n}\n", FMT)
	case *types.Struct:
		fmt.Fprintf(&b, "\tvar b %s.Builder\n\tif sharp {\n\t\tb.WriteString(%s)\n\t}\n\tb.WriteByte('{')\n", STRINGS, tname)
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			if i > 0 {
				b.WriteString("\tif sharp {\n\t\tb.WriteString(\", \")\n\t} else {\n\t\tb.WriteByte(' ')\n\t}\n")
			}
			fmt.Fprintf(&b, "\tif sharp || plus {\n\t\tb.WriteString(%q)\n\t}\n", f.Name()+":")
			mExpr := "m"
			if !f.Exported() {
				mExpr = "false"
			}
			fmt.Fprintf(&b, "\tb.WriteString(%s)\n", leaf("v."+f.Name(), f.Type(), "depth+1", mExpr))
		}
		b.WriteString("\tb.WriteByte('}')\n\treturn b.String()\n}\n")
	case *types.Slice, *types.Array:
		var et types.Type
		if s, ok := u.(*types.Slice); ok {
			et = s.Elem()
			fmt.Fprintf(&b, "\tif v == nil && sharp {\n\t\treturn %s + \"(nil)\"\n\t}\n", tname)
		} else {
			et = u.(*types.Array).Elem()
		}
		fmt.Fprintf(&b, "\tvar b %s.Builder\n\tsep := \" \"\n\tif sharp {\n\t\tb.WriteString(%s + \"{\")\n\t\tsep = \", \"\n\t} else {\n\t\tb.WriteByte('[')\n\t}\n", STRINGS, tname)
		fmt.Fprintf(&b, "\tfor i := range v {\n\t\tif i > 0 {\n\t\t\tb.WriteString(sep)\n\t\t}\n\t\tb.WriteString(%s)\n\t}\n", leaf("v[i]", et, "depth+1", "m"))
		b.WriteString("\tif sharp {\n\t\tb.WriteByte('}')\n\t} else {\n\t\tb.WriteByte(']')\n\t}\n\treturn b.String()\n}\n")
	case *types.Map:
		less := c.lessFunc(u.Key())
		fmt.Fprintf(&b, "\tif v == nil && sharp {\n\t\treturn %s + \"(nil)\"\n\t}\n", tname)
		fmt.Fprintf(&b, "\tkeys := make([]%s, 0, len(v))\n\tfor k := range v {\n\t\tkeys = append(keys, k)\n\t}\n", c.typeString(u.Key()))
		fmt.Fprintf(&b, "\tfor i := 1; i < len(keys); i++ {\n\t\tfor j := i; j > 0 && %s(keys[j], keys[j-1]); j-- {\n\t\t\tkeys[j], keys[j-1] = keys[j-1], keys[j]\n\t\t}\n\t}\n", less)
		fmt.Fprintf(&b, "\tvar b %s.Builder\n\tsep := \" \"\n\tif sharp {\n\t\tb.WriteString(%s + \"{\")\n\t\tsep = \", \"\n\t} else {\n\t\tb.WriteString(\"map[\")\n\t}\n", STRINGS, tname)
		fmt.Fprintf(&b, "\tfor i, k := range keys {\n\t\tif i > 0 {\n\t\t\tb.WriteString(sep)\n\t\t}\n\t\tb.WriteString(%s + \":\" + %s)\n\t}\n", leaf("k", u.Key(), "depth+1", "m"), leaf("v[k]", u.Elem(), "depth+1", "m"))
		b.WriteString("\tif sharp {\n\t\tb.WriteByte('}')\n\t} else {\n\t\tb.WriteByte(']')\n\t}\n\treturn b.String()\n}\n")
	case *types.Interface:
		// (An operand that is a nil interface reaches fmt as nil: <nil>.)
		fmt.Fprintf(&b, "\tif v == nil {\n\t\tif sharp && depth > 0 {\n\t\t\treturn %s + \"(nil)\"\n\t\t}\n\t\treturn %s.Sprintf(d, nil)\n\t}\n", tname, FMT)
		b.WriteString("\tif depth > 0 {\n\t\tdepth++\n\t}\n")
		b.WriteString(c.dispatch(t, "v", func(cand types.Type, x string) string {
			return "return " + leaf(x, cand, "depth", "m")
		}))
		// A compiled value (or the interpreter's wrapper) has its
		// methods; a recovered value is in a reflect.Value, which fmt
		// prints as what it holds.
		fmt.Fprintf(&b, "\tvar gonote_m any = v\n\tif _, ok := any(v).(%s.Value); ok {\n\t\tgonote_m = gonote_dv\n\t}\n", c.importName("reflect", "reflect"))
		fmt.Fprintf(&b, "\tif m && !sharp && %s.IndexByte(\"vsqxX\", verb) >= 0 {\n", STRINGS)
		fmt.Fprintf(&b, "\t\tif e, ok := gonote_m.(error); ok {\n\t\t\treturn %s(d, \"Error\", false, e.Error)\n\t\t}\n", c.fmtCallHelper())
		fmt.Fprintf(&b, "\t\tif s, ok := gonote_m.(%s.Stringer); ok {\n\t\t\treturn %s(d, \"String\", false, s.String)\n\t\t}\n\t}\n", FMT, c.fmtCallHelper())
		fmt.Fprintf(&b, "\treturn %s.Sprintf(d, v)\n}\n", FMT)
	default:
		fmt.Fprintf(&b, "\treturn %s.Sprintf(d, %s)\n}\n", FMT, c.plainValue("v", t))
	}
	c.declareHelper(key, b.String())
	return name
}

// plainValue returns expr converted so that fmt formats it without
// methods: a named basic type becomes its underlying type.
func (c *compilation) plainValue(expr string, t types.Type) string {
	if _, ok := types.Unalias(t).(*types.Named); ok {
		if b, ok := t.Underlying().(*types.Basic); ok {
			return b.Name() + "(" + expr + ")"
		}
	}
	return expr
}

// dispatch returns statements that find which candidate type of the
// interface type t the value x holds, and run then(cand, variable) for it.
// The interpreter keeps no exact type for such values: struct and pointer
// candidates are tried by type assertions, which compare its run-time
// types, on the value out of the interpreter's wrapper (a value with
// methods in a compiled interface). Other candidates (of basic kinds,
// slices, maps) are tried only on wrapped values, so that a plain 3.5 is
// not taken for a Celsius, by a type switch, which unlike an assertion
// tells apart two such types of one kind.
func (c *compilation) dispatch(t types.Type, x string, then func(cand types.Type, v string) string) string {
	var b strings.Builder
	var wrapped, other []types.Type
	for _, cand := range c.candidates(t) {
		switch cand.Underlying().(type) {
		case *types.Struct, *types.Pointer:
			other = append(other, cand)
		default:
			wrapped = append(wrapped, cand)
		}
	}
	fmt.Fprintf(&b, "\tgonote_dv, gonote_w := %s(%s)\n\t_ = gonote_w\n", c.dynHelper(), x)
	for _, cand := range other {
		fmt.Fprintf(&b, "\tif gonote_x, ok := gonote_dv.(%s); ok {\n\t\t%s\n\t}\n", c.typeString(cand), then(cand, "gonote_x"))
	}
	if len(wrapped) > 0 {
		b.WriteString("\tif gonote_w {\n\t\tswitch gonote_dv.(type) {\n")
		for _, cand := range wrapped {
			ts := c.typeString(cand)
			fmt.Fprintf(&b, "\t\tcase %s:\n\t\t\tgonote_x, _ := gonote_dv.(%s)\n\t\t\t_ = gonote_x\n\t\t\t%s\n", ts, ts, then(cand, "gonote_x"))
		}
		b.WriteString("\t\t}\n\t}\n")
	}
	return b.String()
}

// typeNameHelper returns the name of a helper that gives %T of a value of
// interface type t, or "" when no session type can be in it.
//
// In a cell that recovers, a value of an interface the stand-in for Go's
// run-time errors implements may be one (runtimeErrorHelper), whose %T is
// the name of the type Go's error would have.
func (c *compilation) typeNameHelper(t types.Type) string {
	it, _ := t.Underlying().(*types.Interface)
	standIn := it != nil && c.has&hasRecover != 0 && !c.sessionIface(t) && (it.Empty() || c.runtimeErrorIface(it) || types.Identical(t, types.Universe.Lookup("error").Type()))
	if len(c.candidates(t)) == 0 && !standIn {
		return ""
	}
	what := "fmtT"
	if standIn {
		what = "fmtTrt"
	}
	name, key, done := c.typeHelper(what, t)
	if done {
		return name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "package p\nfunc %s(v %s) string {\n\tif v == nil {\n\t\treturn \"<nil>\"\n\t}\n", name, c.typeString(t))
	b.WriteString(c.dispatch(t, "v", func(cand types.Type, _ string) string {
		return "return " + strconv.Quote(c.reflectTypeName(cand))
	}))
	if standIn {
		c.runtimeErrorHelper()
		b.WriteString("\tif e, ok := gonote_dv.(*gonote_runtimeError); ok {\n\t\treturn e.typ\n\t}\n")
	}
	fmt.Fprintf(&b, "\tif x, ok := any(v).(%s.Value); ok {\n\t\treturn %s.Sprintf(\"%%T\", x)\n\t}\n\treturn %s.Sprintf(\"%%T\", v)\n}\n", c.importName("reflect", "reflect"), c.importName("fmt", "fmt"), c.importName("fmt", "fmt"))
	c.declareHelper(key, b.String())
	return name
}

// lessFunc returns the name of a function ordering map keys of type t as
// fmt sorts them, or "" for key types it does not handle.
func (c *compilation) lessFunc(t types.Type) string {
	name, key, done := c.typeHelper("less", t)
	if done {
		return name
	}
	ts := c.typeString(t)
	var body string
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			body = "return !a && b"
		case u.Info()&(types.IsInteger|types.IsFloat|types.IsString) != 0:
			body = "return a < b"
		default:
			return ""
		}
	case *types.Struct:
		var lines []string
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			l := c.lessFunc(f.Type())
			if l == "" {
				return ""
			}
			lines = append(lines, fmt.Sprintf("if a.%[1]s != b.%[1]s {\n\t\treturn %[2]s(a.%[1]s, b.%[1]s)\n\t}", f.Name(), l))
		}
		body = strings.Join(append(lines, "return false"), "\n\t")
	case *types.Array:
		l := c.lessFunc(u.Elem())
		if l == "" {
			return ""
		}
		body = fmt.Sprintf("for i := range a {\n\t\tif a[i] != b[i] {\n\t\t\treturn %s(a[i], b[i])\n\t\t}\n\t}\n\treturn false", l)
	default:
		return ""
	}
	c.declareHelper(key, fmt.Sprintf("package p\nfunc %s(a, b %s) bool {\n\t%s\n}\n", name, ts, body))
	return name
}

// declareHelper declares the helper source src (a file of package p whose
// last function is the helper) under key in this unit.
func (c *compilation) declareHelper(key, src string) {
	f, err := parser.ParseFile(c.s.fset, "", src, 0)
	if err != nil {
		panic("cellc: helper does not parse: " + err.Error() + "\n" + src)
	}
	c.helpers[key] = f.Decls[len(f.Decls)-1].(*ast.FuncDecl).Name.Name
	c.helperDecls = append(c.helperDecls, f.Decls...)
}

// fmtIfHelper returns the helper that formats a value with or without its
// methods.
func (c *compilation) fmtIfHelper() string {
	FMT := c.importName("fmt", "fmt")
	return c.sourceHelper("fmtIf", strings.ReplaceAll(`package p
func gonote_fmtIf(m bool, d string, withMethods, plain any) string {
	if m {
		return FMT.Sprintf(d, withMethods)
	}
	return FMT.Sprintf(d, plain)
}`, "FMT", FMT))
}

// fmtCallHelper returns the helper that calls a String or Error method for
// fmt, printing a panic in it the way fmt does.
func (c *compilation) fmtCallHelper() string {
	FMT := c.importName("fmt", "fmt")
	return c.sourceHelper("fmtCall", strings.ReplaceAll(`package p
func gonote_fmtCall(d string, method string, nilPtr bool, f func() string) (s string) {
	defer func() {
		if r := recover(); r != nil {
			if nilPtr {
				s = FMT.Sprintf(d[:len(d)-1]+"s", "<nil>")
				return
			}
			s = FMT.Sprintf("%!"+d[len(d)-1:]+"(PANIC="+method+" method: %v)", r)
		}
	}()
	return FMT.Sprintf(d, f())
}`, "FMT", FMT))
}

// fmtNilHelper returns the helper formatting a nil pointer.
func (c *compilation) fmtNilHelper() string {
	FMT := c.importName("fmt", "fmt")
	return c.sourceHelper("fmtNil", strings.ReplaceAll(`package p
func gonote_fmtNil(d string) string {
	if d[len(d)-1] == 'v' {
		return FMT.Sprintf(d[:len(d)-1]+"s", "<nil>")
	}
	return FMT.Sprintf(d, (*int)(nil))
}`, "FMT", FMT))
}

// fmtTextHelper returns the helper that carries a view's text to a
// Print-style call as a value that is not a string.
func (c *compilation) fmtTextHelper() string {
	return c.sourceHelper("fmtText", strings.ReplaceAll(`package p
func gonote_fmtText(s string) error { return ERRORS.New(s) }`, "ERRORS", c.importName("errors", "errors")))
}

// dynHelper returns the helper that takes the value out of the
// interpreter's wrapper of a value in a compiled interface (error, for
// one), so that type assertions see it, and reports whether the value is
// an interpreted one: wrapped, or in the interpreter's own interface
// value. A plain value of a basic kind is neither.
func (c *compilation) dynHelper() string {
	return c.sourceHelper("dyn", strings.ReplaceAll(`package p
func gonote_dyn(v any) (any, bool) {
	if x, ok := v.(REFLECT.Value); ok {
		// A recovered value, which the interpreter keeps in a
		// reflect.Value.
		if x.IsValid() && x.CanInterface() {
			return x.Interface(), false
		}
		return v, false
	}
	rv := REFLECT.ValueOf(v)
	if rv.Kind() != REFLECT.Struct || rv.NumField() == 0 {
		return v, false
	}
	switch rt := rv.Type(); {
	case rt.Field(0).Name == "IValue":
		if x := rv.Field(0).Interface(); x != nil {
			return x, true
		}
	case rt.String() == "interp.valueInterface":
		return v, true
	}
	return v, false
}`, "REFLECT", c.importName("reflect", "reflect")))
}

// reflectTypeName returns t's name as reflect writes it (and so %T and %#v).
func (c *compilation) reflectTypeName(t types.Type) string {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.Byte:
			return "uint8"
		case types.Rune:
			return "int32"
		}
		return types.Default(t).String()
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() == nil {
			return obj.Name()
		}
		s := obj.Pkg().Name() + "." + obj.Name()
		if args := t.TypeArgs(); args.Len() > 0 {
			var parts []string
			for i := 0; i < args.Len(); i++ {
				parts = append(parts, c.reflectTypeName(args.At(i)))
			}
			s += "[" + strings.Join(parts, ",") + "]"
		}
		return s
	case *types.Pointer:
		return "*" + c.reflectTypeName(t.Elem())
	case *types.Slice:
		return "[]" + c.reflectTypeName(t.Elem())
	case *types.Array:
		return "[" + strconv.FormatInt(t.Len(), 10) + "]" + c.reflectTypeName(t.Elem())
	case *types.Map:
		return "map[" + c.reflectTypeName(t.Key()) + "]" + c.reflectTypeName(t.Elem())
	case *types.Chan:
		switch t.Dir() {
		case types.SendOnly:
			return "chan<- " + c.reflectTypeName(t.Elem())
		case types.RecvOnly:
			return "<-chan " + c.reflectTypeName(t.Elem())
		}
		return "chan " + c.reflectTypeName(t.Elem())
	case *types.Struct:
		if t.NumFields() == 0 {
			return "struct {}"
		}
		var parts []string
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			p := c.reflectTypeName(f.Type())
			if !f.Embedded() {
				p = f.Name() + " " + p
			}
			if tag := t.Tag(i); tag != "" {
				p += " " + strconv.Quote(tag)
			}
			parts = append(parts, p)
		}
		return "struct { " + strings.Join(parts, "; ") + " }"
	case *types.Interface:
		if t.Empty() {
			return "interface {}"
		}
	case *types.Signature:
		var ps []string
		for i := 0; i < t.Params().Len(); i++ {
			p := c.reflectTypeName(t.Params().At(i).Type())
			if t.Variadic() && i == t.Params().Len()-1 {
				p = "..." + strings.TrimPrefix(p, "[]")
			}
			ps = append(ps, p)
		}
		s := "func(" + strings.Join(ps, ", ") + ")"
		switch t.Results().Len() {
		case 0:
		case 1:
			s += " " + c.reflectTypeName(t.Results().At(0).Type())
		default:
			var rs []string
			for i := 0; i < t.Results().Len(); i++ {
				rs = append(rs, c.reflectTypeName(t.Results().At(i).Type()))
			}
			s += " (" + strings.Join(rs, ", ") + ")"
		}
		return s
	}
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// packageLevel reports whether t can be written at package level: it
// involves no type declared in a function and no type parameter.
func (c *compilation) packageLevel(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t := types.Unalias(t).(type) {
	case *types.TypeParam:
		return false
	case *types.Named:
		if c.localType(t.Obj()) {
			return false
		}
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if !c.packageLevel(t.TypeArgs().At(i), seen) {
				return false
			}
		}
		return c.packageLevel(t.Underlying(), seen)
	case *types.Pointer:
		return c.packageLevel(t.Elem(), seen)
	case *types.Slice:
		return c.packageLevel(t.Elem(), seen)
	case *types.Array:
		return c.packageLevel(t.Elem(), seen)
	case *types.Map:
		return c.packageLevel(t.Key(), seen) && c.packageLevel(t.Elem(), seen)
	case *types.Chan:
		return c.packageLevel(t.Elem(), seen)
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			if !c.packageLevel(t.Field(i).Type(), seen) {
				return false
			}
		}
	case *types.Signature:
		for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
			for i := 0; i < tup.Len(); i++ {
				if !c.packageLevel(tup.At(i).Type(), seen) {
					return false
				}
			}
		}
	}
	return true
}
