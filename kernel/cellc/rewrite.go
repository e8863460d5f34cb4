package cellc

import (
	"go/ast"
	"go/token"
	"go/types"
)

// rewrite runs the passes, in order, over the cell's checked syntax trees.
// Each pass restores one piece of Go's semantics that the interpreter lacks;
// see the package documentation for the list.
func (c *compilation) rewrite() error {
	c.seedImports()
	c.has = c.features()
	for _, p := range passes {
		if p.need&c.has == 0 {
			continue
		}
		if err := p.run(c); err != nil {
			return err
		}
	}
	return nil
}

// A pass is one named rewrite.
type pass struct {
	name string
	need feature // the pass runs only when the cell has one of these
	run  func(c *compilation) error
}

// feature is a set of syntax a pass looks for; a quick walk finds which the
// cell has, so a small cell does not pay for every pass.
type feature uint

const (
	hasRange feature = 1 << iota
	hasFor
	hasGoDefer
	hasSelect
	hasReturn
	hasMinMaxClear // a call of a function named min, max or clear
	hasFmtErrors   // a call X.Printf, X.Sprintf, X.Errorf, X.Fprintf, X.Appendf, X.As, X.Is, X.Join or X.Unwrap
	hasFuncLitArg  // a function literal passed as an argument
	hasInstance
	hasIface // the session declares interface types
	hasTypeSwitch
	hasFuncLit
	hasPanic            // a call of a function named panic
	hasTypeAssert       // a type assertion (not a type switch's)
	hasLocalType        // a type declared inside a function
	hasMethodSel        // a selector of a method (x.M or T.M), called or not
	hasStdGeneric       // a selector of a standard function stdGeneric replaces
	hasPrint            // a call X.Print, X.Println, X.Sprint... or X.Errorf
	hasEqual            // a comparison with == or !=
	hasErrorType        // the session has an error type
	hasRecover          // a call of a function named recover
	hasMultiValue       // an assignment or declaration of several variables with as many values, or of a receive
	hasCaseList         // a switch case with more than one expression
	hasParenIdent       // an identifier in parentheses
	hasConversion       // a call, assignment, return, send or composite literal: where a value may convert to an interface
	hasGenericFunc      // a generic function declaration
	hasUnexportedStruct // a struct type with an unexported field
	hasTypedConst       // a constant declaration with a type, written or inherited
	hasEmbedded         // a struct type with an embedded field
	hasStructDecl       // a declared struct type
	hasJSON             // a call X.Marshal, X.MarshalIndent or X.Encode
	hasShift            // a shift (<< or >>)
)

func (c *compilation) features() feature {
	var f feature
	if len(c.s.info.Instances) > 0 {
		f |= hasInstance
	}
	if c.s.ifaces > 0 || c.declaresIface() {
		f |= hasIface
	}
	if c.s.committedErr && !c.pend.typeChanges(c.s.pkg.Scope()) {
		f |= hasErrorType
	} else if c.pend.typeChanges(c.s.pkg.Scope()) || len(c.hoistedTypes) > 0 {
		for _, n := range c.sessionTypes() {
			if isErrorType(n) {
				f |= hasErrorType
				break
			}
		}
	}
	for _, file := range c.structNodes() {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeSpec:
				if _, ok := n.Type.(*ast.StructType); ok && !n.Assign.IsValid() {
					f |= hasStructDecl
				}
			case *ast.StructType:
				if hasUnexportedField(n) {
					f |= hasUnexportedStruct
				}
				for _, fl := range n.Fields.List {
					if len(fl.Names) == 0 {
						f |= hasEmbedded
					}
				}
			case *ast.RangeStmt:
				f |= hasRange
			case *ast.AssignStmt, *ast.ValueSpec:
				f |= hasConversion
				if multiValue(n) {
					f |= hasMultiValue
				}
			case *ast.SendStmt, *ast.CompositeLit:
				f |= hasConversion
			case *ast.ForStmt:
				f |= hasFor
			case *ast.GoStmt, *ast.DeferStmt:
				f |= hasGoDefer
			case *ast.SelectStmt:
				f |= hasSelect
			case *ast.SwitchStmt:
				if multiCase(n) {
					f |= hasCaseList
				}
			case *ast.ParenExpr:
				if bareIdent(n) != nil {
					f |= hasParenIdent
				}
			case *ast.TypeSwitchStmt:
				f |= hasTypeSwitch
			case *ast.SelectorExpr:
				if sel := c.s.info.Selections[n]; sel != nil && (sel.Kind() == types.MethodVal || sel.Kind() == types.MethodExpr) {
					f |= hasMethodSel
				}
				if fn, ok := c.s.info.Uses[n.Sel].(*types.Func); ok && fn.Pkg() != nil {
					if _, ok := stdGeneric[fn.Pkg().Path()+"."+fn.Name()]; ok {
						f |= hasStdGeneric
					}
				}
			case *ast.BinaryExpr:
				if n.Op == token.EQL || n.Op == token.NEQ {
					f |= hasEqual
				}
				if n.Op == token.SHL || n.Op == token.SHR {
					f |= hasShift
				}
			case *ast.DeclStmt:
				if gd, ok := n.Decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
					f |= hasLocalType
				}
			case *ast.GenDecl:
				if n.Tok == token.CONST {
					f |= hasTypedConst
				}
			case *ast.TypeAssertExpr:
				if n.Type != nil {
					f |= hasTypeAssert
				}
			case *ast.FuncLit:
				f |= hasFuncLit
			case *ast.FuncDecl:
				if n.Type.TypeParams != nil && n.Recv == nil {
					f |= hasGenericFunc
				}
			case *ast.ReturnStmt:
				f |= hasReturn | hasConversion
			case *ast.CallExpr:
				f |= hasConversion
				switch fun := n.Fun.(type) {
				case *ast.Ident:
					switch fun.Name {
					case "min", "max", "clear":
						f |= hasMinMaxClear
					case "panic":
						f |= hasPanic
					case "recover":
						f |= hasRecover
					}
				case *ast.SelectorExpr:
					switch fun.Sel.Name {
					case "Printf", "Sprintf", "Errorf", "Fprintf", "Appendf", "As", "Is", "Join", "Unwrap":
						f |= hasFmtErrors
					}
					switch fun.Sel.Name {
					case "Print", "Println", "Printf", "Sprint", "Sprintln", "Sprintf", "Fprint", "Fprintln", "Fprintf", "Errorf":
						f |= hasPrint
					case "Marshal", "MarshalIndent", "Encode":
						f |= hasJSON
					}
				}
				for _, a := range n.Args {
					if _, ok := a.(*ast.FuncLit); ok {
						f |= hasFuncLitArg
					}
				}
			}
			return true
		})
	}
	return f
}

// passes run in this order. Passes that replace loops run before the
// loop-variable pass (they give their bodies fresh variables themselves);
// the go/defer pass runs after every rewrite that may move code into
// closures; the panics pass runs after it, since its function literals
// capture nothing and must stay as they are; the multi-assignment pass
// runs after the others that rewrite the cell's code, so that it sees the
// assignments they write too; the promoted pass only adds methods.
var passes = []pass{
	{"parens", hasParenIdent, passParens},
	{"shifts", hasShift, passShifts},
	{"jsontags", hasUnexportedStruct, passJSONTags},
	{"typetags", hasStructDecl, passTypeTags},
	{"constvalues", hasTypedConst, passConstValues},
	{"localalias", hasLocalType, passLocalAlias},
	{"switchcase", hasCaseList, passSwitchCase},
	{"methodval", hasMethodSel, passMethodVal},
	{"stdgeneric", hasStdGeneric, passStdGeneric},
	{"errbox", hasErrorType, passErrBox},
	{"generics", hasInstance | hasGenericFunc, passGenerics},
	{"builtins", hasMinMaxClear, passBuiltins},
	{"errorsas", hasFmtErrors, passErrorsAs},
	{"fmttype", hasFmtErrors, passFmtType},
	{"fmtview", hasPrint, passFmtView},
	{"jsonany", hasJSON, passJSONAny},
	{"ifacecopy", hasConversion, passIfaceCopy},
	{"rangeint", hasRange, passRangeInt},
	{"rangechan", hasRange, passRangeChan},
	{"rangefunc", hasRange, passRangeFunc},
	{"loopvar", hasRange | hasFor, passLoopVar},
	{"recvreturn", hasReturn, passRecvReturn},
	{"select", hasSelect, passSelect},
	{"typeswitch", hasTypeSwitch, passTypeSwitch},
	{"assert", hasTypeAssert, passAssert},
	{"ifaceeq", hasEqual, passIfaceEq},
	{"callargs", hasGoDefer, passCallArgs},
	{"ifacearg", hasIface, passIfaceArg},
	{"funcarg", hasFuncLitArg | hasGoDefer, passFuncArg},
	{"closures", hasFuncLit, passClosures},
	{"recover", hasRecover, passRecover},
	{"panics", hasPanic, passPanics},
	{"multiassign", hasMultiValue, passMultiAssign},
	{"promoted", hasEmbedded, passPromoted},
}

// declaresIface reports whether the cell declares an interface type.
func (c *compilation) declaresIface() bool {
	for _, ts := range c.typeSpecs() {
		if _, ok := ts.Type.(*ast.InterfaceType); ok {
			c.pend.ifaces++
		}
	}
	return c.pend.ifaces > 0
}
