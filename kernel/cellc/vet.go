package cellc

import (
	"errors"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/appends"
	"golang.org/x/tools/go/analysis/passes/assign"
	"golang.org/x/tools/go/analysis/passes/atomic"
	"golang.org/x/tools/go/analysis/passes/bools"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/defers"
	"golang.org/x/tools/go/analysis/passes/errorsas"
	"golang.org/x/tools/go/analysis/passes/ifaceassert"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/nilfunc"
	"golang.org/x/tools/go/analysis/passes/printf"
	"golang.org/x/tools/go/analysis/passes/shift"
	"golang.org/x/tools/go/analysis/passes/sigchanyzer"
	"golang.org/x/tools/go/analysis/passes/stringintconv"
	"golang.org/x/tools/go/analysis/passes/timeformat"
	"golang.org/x/tools/go/analysis/passes/unmarshal"
	"golang.org/x/tools/go/analysis/passes/unreachable"
	"golang.org/x/tools/go/analysis/passes/unusedresult"
	"golang.org/x/tools/go/analysis/passes/waitgroup"
)

// vetChecks are the go vet analyzers run on cells: those that catch
// mistakes people make while learning Go and its concurrency, and that need
// nothing but the cell's package. Each runs only when the cell has what it
// looks at (calls into a package, a kind of expression or statement), so
// skipping it loses nothing; a cell that gives none of them anything to
// look at, such as fmt.Println("hi"), costs no analysis at all.
var vetChecks = []struct {
	analyzer *analysis.Analyzer
	when     func(*vetCell) bool
}{
	{printf.Analyzer, (*vetCell).mayMisprint},
	{copylock.Analyzer, needs(needLockValue)}, // a lock may hide in any struct, of any cell
	{lostcancel.Analyzer, uses("context")},
	{atomic.Analyzer, uses("sync/atomic")},
	{waitgroup.Analyzer, uses("sync")},
	{unusedresult.Analyzer, needs(needDiscard)},
	{assign.Analyzer, needs(needAssign)},
	{bools.Analyzer, needs(needAndOr)},
	{stringintconv.Analyzer, needs(needConversion)},
	{unreachable.Analyzer, needs(needTerminator)},
	{defers.Analyzer, uses("time")},
	{sigchanyzer.Analyzer, uses("os/signal")},
	{timeformat.Analyzer, uses("time")},
	{errorsas.Analyzer, uses("errors")},
	{unmarshal.Analyzer, uses("encoding/asn1", "encoding/gob", "encoding/json", "encoding/xml")},
	{nilfunc.Analyzer, needs(needNilCompare)},
	{shift.Analyzer, needs(needShift)},
	{appends.Analyzer, needs(needAppend)},
	{ifaceassert.Analyzer, needs(needAssert)},
}

// noReturn lists the functions of the standard library that never return,
// which ctrlflow would learn from facts of their packages; vet has no
// facts of other packages here. lostcancel needs them: a path that ends in
// log.Fatal does not leak a context.
var noReturn = map[string]bool{
	"os.Exit": true, "runtime.Goexit": true,
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
	"log.Panic": true, "log.Panicf": true, "log.Panicln": true,
	"(*log.Logger).Fatal": true, "(*log.Logger).Fatalf": true, "(*log.Logger).Fatalln": true,
	"(*log.Logger).Panic": true, "(*log.Logger).Panicf": true, "(*log.Logger).Panicln": true,
}

// vet runs vetChecks on the cell's type-checked files and returns their
// findings in the cell's lines and columns, worded as go vet words them,
// in order. Findings outside the cell's own code are dropped. It runs
// after check and before any rewriting, on the syntax the user wrote.
//
// The pass is built by hand: the analyzers see the cell's files and the
// session's package, and facts exist only for objects of this cell (vet
// would have them for every package). A vet failure or panic loses the
// findings, never the cell.
func (c *compilation) vet() (found []*Error) {
	s := c.s
	defer func() {
		if recover() != nil {
			found = nil
		}
	}()
	// The statements of a cell are what main's body is to go vet: lostcancel,
	// for one, does not ask main to cancel its contexts.
	if c.wrapper != nil {
		c.wrapper.Name.Name = "main"
		defer func() { c.wrapper.Name.Name = "_" }()
	}
	var diags []analysis.Diagnostic
	facts := map[vetFactKey]analysis.Fact{}
	// One pass serves every analyzer in turn; ResultOf holds the results
	// of all that ran, which is more than each one asks for.
	pass := &analysis.Pass{
		Fset:       s.fset,
		Files:      c.files(),
		Pkg:        s.pkg,
		TypesInfo:  s.info,
		TypesSizes: types.SizesFor("gc", runtime.GOARCH),
		ResultOf:   map[*analysis.Analyzer]any{},
		Report:     func(d analysis.Diagnostic) { diags = append(diags, d) },
		ReadFile:   func(string) ([]byte, error) { return nil, errVetNoFiles },
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			facts[vetFactKey{obj, reflect.TypeOf(fact)}] = fact
		},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
	}
	pass.ImportObjectFact = func(obj types.Object, fact analysis.Fact) bool {
		if f, ok := facts[vetFactKey{obj, reflect.TypeOf(fact)}]; ok {
			reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(f).Elem())
			return true
		}
		fn, ok := obj.(*types.Func)
		return ok && pass.Analyzer == ctrlflow.Analyzer && noReturn[fn.FullName()]
	}
	var run func(a *analysis.Analyzer) error
	run = func(a *analysis.Analyzer) error {
		if _, ok := pass.ResultOf[a]; ok {
			return nil
		}
		for _, req := range a.Requires {
			if err := run(req); err != nil {
				return err
			}
		}
		pass.Analyzer = a
		r, err := a.Run(pass)
		if err != nil {
			return err
		}
		pass.ResultOf[a] = r
		return nil
	}
	cell := &vetCell{c: c}
	cell.scan()
	for _, check := range vetChecks {
		if check.when(cell) {
			_ = run(check.analyzer) // an analyzer that fails finds nothing
		}
	}
	lines := strings.Count(c.src, "\n") + 1
	for _, d := range diags {
		p := s.fset.Position(d.Pos)
		line := p.Line - c.lineOff
		if p.Filename != c.name || line < 1 || line > lines {
			continue // in code the compiler wrote around the cell
		}
		found = append(found, &Error{Line: line, Col: p.Column, Msg: c.vetMessage(d.Message)})
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].Line != found[j].Line {
			return found[i].Line < found[j].Line
		}
		return found[i].Col < found[j].Col
	})
	return found
}

// vetMessage returns msg with the line it names, if any, as the cell's:
// lostcancel says where the cancel variable was "defined on line N" of
// the file.
func (c *compilation) vetMessage(msg string) string {
	const defined = "defined on line "
	i := strings.LastIndex(msg, defined)
	if i < 0 || c.lineOff == 0 {
		return msg
	}
	n, err := strconv.Atoi(msg[i+len(defined):])
	if err != nil {
		return msg
	}
	return msg[:i+len(defined)] + strconv.Itoa(n-c.lineOff)
}

// errVetNoFiles is what an analyzer gets for reading a file: a cell has
// no files besides its code.
var errVetNoFiles = errors.New("a cell has no files")

type vetFactKey struct {
	obj types.Object
	typ reflect.Type
}

// vetCell is what the conditions of vetChecks look at.
type vetCell struct {
	c         *compilation
	has       vetNeed
	misprints bool            // see mayMisprint
	pkgs      map[string]bool // see uses
}

// vetNeed is a kind of syntax that some analyzer looks at.
type vetNeed uint16

const (
	needAssign     vetNeed = 1 << iota // x = y (assign: self-assignment)
	needAndOr                          // && or || (bools)
	needConversion                     // T(x) (stringintconv)
	needTerminator                     // what ends a statement list early (unreachable)
	needNilCompare                     // == or != with nil (nilfunc)
	needShift                          // << or >> (shift)
	needAppend                         // a call of append (appends)
	needAssert                         // x.(T) or a type switch (ifaceassert)
	needDiscard                        // a call whose result unusedresult wants used
	needLockValue                      // a value that may hold a lock (copylock)
)

// needs returns the condition that the cell has what n names.
func needs(n vetNeed) func(*vetCell) bool {
	return func(v *vetCell) bool { return v.has&n != 0 }
}

// scan walks the cell once for what the conditions ask.
func (v *vetCell) scan() {
	info := v.c.s.info
	unused := unusedResultNames()
	for _, f := range v.c.files() {
		ast.Inspect(f, func(n ast.Node) bool {
			if e, ok := n.(ast.Expr); ok {
				if tv, ok := info.Types[e]; ok && mayHoldLock(tv.Type, 0) {
					v.has |= needLockValue
				}
			}
			if !v.misprints && misprintable(info, n) {
				v.misprints = true
			}
			switch n := n.(type) {
			case *ast.AssignStmt:
				switch n.Tok {
				case token.ASSIGN:
					v.has |= needAssign
				case token.SHL_ASSIGN, token.SHR_ASSIGN:
					v.has |= needShift
				}
			case *ast.BinaryExpr:
				switch n.Op {
				case token.LAND, token.LOR:
					v.has |= needAndOr
				case token.SHL, token.SHR:
					v.has |= needShift
				case token.EQL, token.NEQ:
					if isNil(n.X) || isNil(n.Y) {
						v.has |= needNilCompare
					}
				}
			case *ast.TypeAssertExpr:
				v.has |= needAssert
			case *ast.ReturnStmt, *ast.BranchStmt, *ast.SelectStmt:
				v.has |= needTerminator
			case *ast.ForStmt:
				if n.Cond == nil {
					v.has |= needTerminator
				}
			case *ast.ExprStmt:
				if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && unused[calleeName(call)] {
					v.has |= needDiscard
				}
			case *ast.CallExpr:
				if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
					v.has |= needConversion
				}
				switch calleeName(n) {
				case "append":
					v.has |= needAppend
				case "panic":
					v.has |= needTerminator
				}
			}
			return true
		})
	}
}

// calleeName returns the name of the function or method call calls, or ""
// when it calls a computed function.
func calleeName(call *ast.CallExpr) string {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return fun.Name
	case *ast.SelectorExpr:
		return fun.Sel.Name
	}
	return ""
}

// isNil reports whether e is the identifier nil.
func isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

// mayHoldLock reports whether a value of type t may hold a lock that
// copying it copies: a struct with fields, or a container of one, which
// copylock would look into. It guesses yes past a depth of nesting.
func mayHoldLock(t types.Type, depth int) bool {
	if depth > 8 {
		return true
	}
	if tup, ok := t.(*types.Tuple); ok {
		for v := range tup.Variables() {
			if mayHoldLock(v.Type(), depth+1) {
				return true
			}
		}
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		return u.NumFields() > 0
	case *types.Array:
		return mayHoldLock(u.Elem(), depth+1)
	case *types.Slice:
		return mayHoldLock(u.Elem(), depth+1)
	case *types.Map:
		return mayHoldLock(u.Key(), depth+1) || mayHoldLock(u.Elem(), depth+1)
	case *types.Chan:
		return mayHoldLock(u.Elem(), depth+1)
	case *types.TypeParam:
		return true
	}
	return false
}

// uses returns the condition that the cell imports or refers to (through
// a value of an earlier cell, say) one of the packages paths.
func uses(paths ...string) func(*vetCell) bool {
	return func(v *vetCell) bool {
		if v.pkgs == nil {
			v.pkgs = map[string]bool{}
			for _, f := range v.c.files() {
				for _, spec := range f.Imports {
					if path, err := strconv.Unquote(spec.Path.Value); err == nil {
						v.pkgs[path] = true
					}
				}
			}
			for _, obj := range v.c.s.info.Uses {
				if pkg := obj.Pkg(); pkg != nil {
					v.pkgs[pkg.Path()] = true
				}
			}
		}
		for _, p := range paths {
			if v.pkgs[p] {
				return true
			}
		}
		return false
	}
}

// mayMisprint reports whether printf could find anything in the cell.
// What it checks is calls of print and printf functions (of fmt, log,
// testing, and the cell's own functions that forward to them) and String,
// Error and Format methods. A call of a function whose name does not end
// in "f" is a print call at most, and printf looks only at such a call's
// constant strings with a '%', its func values and an os.Std* first
// argument. So a cell without those, without a printf-style call, without
// variadic functions (possible wrappers) and without those methods gives
// printf nothing to say, and it is skipped: it is the costliest analyzer,
// and a plain fmt.Println cell is the commonest cell.
func (v *vetCell) mayMisprint() bool {
	return v.misprints && uses("fmt", "log", "testing")(v)
}

// misprintable reports whether printf could find anything in node n: see
// mayMisprint.
func misprintable(info *types.Info, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Recv != nil && (n.Name.Name == "String" || n.Name.Name == "Error" || n.Name.Name == "Format") {
			return true
		}
		return variadic(n.Type)
	case *ast.FuncLit:
		return variadic(n.Type)
	case *ast.CallExpr:
		name := calleeName(n)
		if name == "" || strings.HasSuffix(name, "f") {
			return true // a computed function cannot be told apart
		}
		for _, arg := range n.Args {
			if sel, ok := arg.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Std") {
				return true
			}
			tv, ok := info.Types[arg]
			if !ok || tv.Type == nil {
				return true
			}
			if _, ok := tv.Type.Underlying().(*types.Signature); ok {
				return true
			}
			if tv.Value != nil && tv.Value.Kind() == constant.String && strings.Contains(constant.StringVal(tv.Value), "%") {
				return true
			}
		}
	}
	return false
}

// variadic reports whether a function type's last parameter is variadic.
func variadic(t *ast.FuncType) bool {
	if t.Params == nil || len(t.Params.List) == 0 {
		return false
	}
	_, ok := t.Params.List[len(t.Params.List)-1].Type.(*ast.Ellipsis)
	return ok
}

// unusedResultNames returns the names of the functions and methods whose
// result unusedresult wants used, as its flags list them.
var unusedResultNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	for _, flag := range []string{"funcs", "stringmethods"} {
		for _, name := range strings.Split(unusedresult.Analyzer.Flags.Lookup(flag).Value.String(), ",") {
			names[name[strings.LastIndexByte(name, '.')+1:]] = true
		}
	}
	return names
})
