package cellc

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/scanner"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Session compiles the cells of one notebook session. Its state is the
// session's package: every declaration and hoisted variable of the cells
// committed so far, type-checked incrementally. A Session is not safe for
// concurrent use.
type Session struct {
	fset    *token.FileSet
	pkg     *types.Package
	info    *types.Info
	checker *types.Checker
	imp     *importer
	errs    []types.Error // errors of the compilation in progress
	decls   reflect.Value // the checker's declaration map, see declMap
	// typeDecls keeps the declarations of the type names in scope,
	// which forgetDecls takes out of decls.
	typeDecls map[*types.TypeName]reflect.Value

	names   map[types.Object]string // emitted name of every session-level object
	taken   map[string]bool         // emitted names in use
	files   map[string]bool         // unit names handed out
	helpers map[string]string       // helper funcs declared by committed units
	ifaces  int                     // interface types declared by committed units

	genericNames map[string]bool // see stdGenericName

	// committedTypes are scopeTypes of the committed session, and
	// committedErr whether one of them, or a pointer to one, is an error.
	committedTypes []*types.Named
	committedErr   bool

	pending *pending // changes of the last Compile, until Commit
}

// Error is a compile error in a cell, located in the cell's own lines and
// columns (1-based), with the message the Go toolchain gives.
type Error struct {
	Line, Col int
	Msg       string
}

// Error formats the error as "line:col: message".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Unit is one compiled cell: a complete Go file for the interpreter.
type Unit struct {
	// Name is the unit's file name, unique in the session ("cell7.go").
	// Evaluate Source under this name (yaegi scopes imports per file).
	Name string
	// Source is a complete Go file of package main.
	Source string
	// Runs is true when executing Source runs code: the file's init
	// function holds the cell's statements, its variable initialisers, its
	// own init funcs, then its main if it declares one. Without it the
	// file only declares.
	Runs bool
	// Cell is the execution count the unit was compiled for.
	Cell int
	// Program is true when the cell was a whole program (package main).
	Program bool
	// ImportsAdded and ImportsRemoved are the import paths the compiler
	// added (used but not imported) and removed (imported but not used).
	ImportsAdded, ImportsRemoved []string
	// Vet holds what go vet would report about the cell (vet.go), in the
	// cell's lines and columns, in order: warnings, which do not stop it.
	Vet []*Error

	lineOff int // check-file line minus cell line
	lines   int // lines in the cell
	fset    *token.FileSet
	out     *ast.File // the printed syntax tree, for Pos
	posmap  *posMap
	panics  map[ast.Node]bool // panic calls given a frame of their own
	helpers map[ast.Decl]bool // declarations of the compiler's helpers
	pend    *pending
}

// pending records what a compilation changed in the session's package, so
// that it can be undone when the unit is not committed.
type pending struct {
	inserted       []string       // names declared
	removed        []types.Object // objects the cell's declarations replaced
	oldByName      map[string]types.Object
	methodsAdded   []method
	methodsRemoved []method
	names          map[types.Object]string
	taken          []string
	file           string
	helpers        map[string]string
	ifaces         int
}

type method struct {
	named *types.Named
	fn    *types.Func
}

// NewSession returns a session with no declarations.
func NewSession() *Session {
	fset := token.NewFileSet()
	s := &Session{
		fset:      fset,
		pkg:       types.NewPackage("main", "main"),
		info:      &types.Info{},
		imp:       newImporter(fset),
		names:     map[types.Object]string{},
		taken:     map[string]bool{},
		files:     map[string]bool{},
		helpers:   map[string]string{},
		typeDecls: map[*types.TypeName]reflect.Value{},

		committedTypes: []*types.Named{},
	}
	conf := &types.Config{
		Importer:  s.imp,
		GoVersion: "go1.26",
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				s.errs = append(s.errs, te)
			}
		},
	}
	s.checker = types.NewChecker(conf, fset, s.pkg, s.info)
	var err error
	if s.decls, err = declMap(s.checker); err != nil {
		panic(err) // caught by every test
	}
	return s
}

// Compile compiles src as cell number n (its 1-based execution count). A
// compile error in the cell is returned as an *Error. The session is
// unchanged until Commit; compiling again without committing discards the
// previous unit.
func (s *Session) Compile(src string, n int) (u *Unit, err error) {
	s.rollback()
	defer func() {
		// A bug in a pass must not take the kernel down with the cell.
		if r := recover(); r != nil {
			s.rollback()
			u, err = nil, fmt.Errorf("compile cell %d: internal error: %v", n, r)
		}
	}()
	c := &compilation{
		s:         s,
		n:         n,
		src:       src,
		pend:      &pending{oldByName: map[string]types.Object{}, names: map[types.Object]string{}},
		reuse:     map[types.Object]bool{},
		hoisted:   map[types.Object]*types.Var{},
		imports:   map[string]string{},
		helpers:   map[string]string{},
		synthetic: map[ast.Node]bool{},

		hoistedTypes: map[*types.TypeName]bool{},
	}
	c.pend.helpers = c.helpers
	c.name = s.unitName(n)
	c.pend.file = c.name
	s.pending = c.pend
	u, err = c.compile()
	if err != nil {
		s.rollback()
		return nil, err
	}
	u.pend = c.pend
	u.helpers = map[ast.Decl]bool{}
	for _, d := range c.helperDecls {
		u.helpers[d] = true
	}
	return u, nil
}

// Commit makes u's declarations part of the session. Call it once the
// interpreter has accepted u's Source; a later Compile sees them.
func (s *Session) Commit(u *Unit) {
	if u == nil || u.pend == nil || s.pending != u.pend {
		return
	}
	for obj, name := range u.pend.names {
		s.names[obj] = name
	}
	for _, name := range u.pend.taken {
		s.taken[name] = true
	}
	s.files[u.pend.file] = true
	s.ifaces += u.pend.ifaces
	for _, obj := range u.pend.removed {
		if tn, ok := obj.(*types.TypeName); ok {
			delete(s.typeDecls, tn)
		}
	}
	for k, v := range u.pend.helpers {
		s.helpers[k] = v
	}
	if u.pend.typeChanges(s.pkg.Scope()) {
		s.committedTypes = scopeTypes(s.pkg.Scope())
		s.committedErr = false
		for _, n := range s.committedTypes {
			if isErrorType(n) {
				s.committedErr = true
				break
			}
		}
	}
	s.pending = nil
}

// isErrorType reports whether n or *n implements error.
func isErrorType(n *types.Named) bool {
	errT := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	return types.Implements(n, errT) || types.Implements(types.NewPointer(n), errT)
}

// unitName returns a file name for cell n not used before in the session.
func (s *Session) unitName(n int) string {
	name := fmt.Sprintf("cell%d.go", n)
	for i := 2; s.files[name]; i++ {
		name = fmt.Sprintf("cell%d_%d.go", n, i)
	}
	return name
}

// rollback undoes the changes of an uncommitted compilation.
func (s *Session) rollback() {
	p := s.pending
	if p == nil {
		return
	}
	s.pending = nil
	scope := s.pkg.Scope()
	for _, name := range p.inserted {
		_ = scopeDelete(scope, name)
	}
	for _, obj := range p.removed {
		_ = scopeDelete(scope, obj.Name())
		scope.Insert(obj)
	}
	for _, m := range p.methodsAdded {
		_ = removeMethod(m.named, m.fn)
	}
	for _, m := range p.methodsRemoved {
		m.named.AddMethod(m.fn)
	}
}

// compilation is the state of one Compile call.
type compilation struct {
	s       *Session
	n       int
	src     string
	name    string
	program bool
	chunks  []chunk
	lineOff int

	fileA   *ast.File     // declarations (or the whole program)
	fileB   *ast.File     // statements, wrapped in a function
	wrapper *ast.FuncDecl // the function in fileB

	added, removed []string
	imports        map[string]string // emitted file imports: path -> name

	pend    *pending
	reuse   map[types.Object]bool       // objects that reuse an earlier variable
	hoisted map[types.Object]*types.Var // top-level statement variables -> package variables

	needRT      bool
	helpers     map[string]string // helper funcs generated: key -> name
	helperDecls []ast.Decl
	synthetic   map[ast.Node]bool // loops written by passes, left alone by later ones
	panics      map[ast.Node]bool // panic calls given a frame of their own (passPanics)
	sessTypes   []*types.Named    // see sessionTypes
	has         feature           // the syntax the cell has (rewrite)

	hoistedTypes  map[*types.TypeName]bool // local types moved to package level
	embeddedTypes map[*types.TypeName]bool // types embedded in structs (hoistLocalTypes)
	tmp           int
}

func (c *compilation) compile() (*Unit, error) {
	if err := c.parse(); err != nil {
		return nil, err
	}
	c.fixImports()
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := c.checkGenericCycles(); err != nil {
		return nil, err
	}
	vet := c.vet()
	if err := c.hoist(); err != nil {
		return nil, err
	}
	c.assignNames()
	c.hoistLocalTypes()
	c.rename()
	if err := c.rewrite(); err != nil {
		return nil, err
	}
	u, err := c.emit()
	if u != nil {
		u.Vet = vet
	}
	return u, err
}

// parse splits the cell and parses it as up to two files: fileA with the
// declarations, fileB with the statements inside a function. Both start
// with one line of header, so a position's line is the cell's line plus
// one, and its column is the cell's column.
func (c *compilation) parse() error {
	s := c.s
	var program bool
	c.chunks, program = split(c.src)
	c.program = program
	if program {
		f, err := parser.ParseFile(s.fset, c.name, c.src, parser.ParseComments)
		if err != nil {
			return c.syntaxError(err)
		}
		f.Comments = nil
		c.fileA = f
		return nil
	}
	c.lineOff = 1
	var hasDecl, hasStmt bool
	for _, ch := range c.chunks {
		if ch.decl {
			hasDecl = true
		} else {
			hasStmt = true
		}
	}
	if hasDecl {
		text := "package main\n" + string(blank(c.src, c.chunks, func(ch chunk) bool { return ch.decl }))
		f, err := parser.ParseFile(s.fset, c.name, text, 0)
		if err != nil {
			return c.syntaxError(err)
		}
		c.fileA = f
	}
	if hasStmt {
		text := "package main; func _() {\n" + string(blank(c.src, c.chunks, func(ch chunk) bool { return !ch.decl })) + "\n}\n"
		f, err := parser.ParseFile(s.fset, c.name, text, 0)
		if err != nil {
			return c.syntaxError(err)
		}
		c.fileB = f
		c.wrapper = f.Decls[0].(*ast.FuncDecl)
	}
	c.declareUsedStatementVars()
	return nil
}

// declareUsedStatementVars moves a top-level "x := v" that a declaration
// of the same cell uses into the declarations, as "var x = v", so that
// go/types sees x at package level:
//
//	counter := 0
//	func inc() { counter++ }
//
// The variable is initialised in its place among the statements all the
// same (emit orders a statement cell's initialisers by position).
func (c *compilation) declareUsedStatementVars() {
	if c.fileA == nil || c.wrapper == nil || len(c.fileA.Unresolved) == 0 {
		return
	}
	used := map[string]bool{}
	for _, id := range c.fileA.Unresolved {
		used[id.Name] = true
	}
	seen := map[string]bool{}
	var kept []ast.Stmt
	for _, st := range c.wrapper.Body.List {
		ids := definedAtTop(st)
		move := false
		for _, id := range ids {
			if used[id.Name] {
				move = true
			}
		}
		as, _ := st.(*ast.AssignStmt)
		for _, e := range lhsOf(as) {
			if id, ok := e.(*ast.Ident); !ok || seen[id.Name] {
				move = false // not all new: keep the statement
			}
		}
		for _, id := range ids {
			seen[id.Name] = true
		}
		if !move {
			kept = append(kept, st)
			continue
		}
		var names []*ast.Ident
		for _, e := range as.Lhs {
			names = append(names, e.(*ast.Ident))
		}
		c.fileA.Decls = append(c.fileA.Decls, &ast.GenDecl{Tok: token.VAR, TokPos: as.Pos(), Specs: []ast.Spec{
			&ast.ValueSpec{Names: names, Values: as.Rhs},
		}})
	}
	c.wrapper.Body.List = kept
}

func lhsOf(as *ast.AssignStmt) []ast.Expr {
	if as == nil {
		return nil
	}
	return as.Lhs
}

func (c *compilation) syntaxError(err error) error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		line, col := c.cellPos(list[0].Pos)
		return &Error{Line: line, Col: col, Msg: list[0].Msg}
	}
	return &Error{Line: 1, Col: 1, Msg: err.Error()}
}

// cellPos converts a position in a check file to the cell's line and column.
func (c *compilation) cellPos(p token.Position) (line, col int) {
	lines := strings.Count(c.src, "\n") + 1
	line, col = p.Line-c.lineOff, p.Column
	if line < 1 {
		line, col = 1, 1
	}
	if line > lines {
		line = lines
		col = len(c.src) - strings.LastIndex(c.src, "\n")
	}
	return line, col
}

// check type-checks the cell against the session.
func (c *compilation) check() error {
	s := c.s
	if err := c.prepareRedefinitions(); err != nil {
		return err
	}
	if c.fileA != nil {
		for _, d := range c.fileA.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body == nil {
				line, col := c.cellPos(s.fset.Position(fd.Name.Pos()))
				return &Error{Line: line, Col: col, Msg: "missing function body"}
			}
		}
	}
	// A top-level variable of a statement cell becomes a session
	// variable, which Go does not require to be used.
	var guards int
	if c.wrapper != nil {
		for _, st := range c.wrapper.Body.List {
			for _, id := range definedAtTop(st) {
				c.wrapper.Body.List = append(c.wrapper.Body.List, &ast.AssignStmt{
					Lhs: []ast.Expr{ast.NewIdent("_")}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(id.Name)},
				})
				guards++
			}
		}
	}
	*s.info = types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Instances:  map[*ast.Ident]types.Instance{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		// for vet: lostcancel and printf
		Scopes:       map[ast.Node]*types.Scope{},
		FileVersions: map[*ast.File]string{},
	}
	s.errs = nil
	var files []*ast.File
	for _, f := range []*ast.File{c.fileA, c.fileB} {
		if f != nil {
			files = append(files, f)
		}
	}
	_ = s.checker.Files(files)
	forgetDecls(s.decls, s.pkg.Scope(), s.typeDecls)
	if c.wrapper != nil {
		c.wrapper.Body.List = c.wrapper.Body.List[:len(c.wrapper.Body.List)-guards]
	}
	if len(s.errs) == 0 {
		return nil
	}
	// Continuation lines ("\tother declaration of x") are reported as
	// errors of their own; go build prints them under the error.
	var errs []*Error
	for _, e := range s.errs {
		if strings.HasPrefix(e.Msg, "\t") {
			continue
		}
		pos, msg := c.toolchainError(e)
		line, col := c.cellPos(s.fset.Position(pos))
		errs = append(errs, &Error{Line: line, Col: col, Msg: msg})
	}
	if len(errs) == 0 {
		line, col := c.cellPos(s.fset.Position(s.errs[0].Pos))
		return &Error{Line: line, Col: col, Msg: s.errs[0].Msg}
	}
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Line != errs[j].Line {
			return errs[i].Line < errs[j].Line
		}
		return errs[i].Col < errs[j].Col
	})
	return errs[0]
}

// definedAtTop returns the variables a top-level statement declares with :=.
func definedAtTop(st ast.Stmt) []*ast.Ident {
	as, ok := st.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE {
		return nil
	}
	var ids []*ast.Ident
	for _, e := range as.Lhs {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			ids = append(ids, id)
		}
	}
	return ids
}

// prepareRedefinitions takes out of the session's package every name the
// cell declares again, and every method it declares again for a type of an
// earlier cell, so that the redefinition replaces them as in a REPL.
func (c *compilation) prepareRedefinitions() error {
	if c.fileA == nil {
		return nil
	}
	s := c.s
	scope := s.pkg.Scope()
	declared := map[string]bool{}
	redefine := func(name string) error {
		if name == "_" || name == "init" || declared[name] {
			return nil
		}
		declared[name] = true
		if old := scope.Lookup(name); old != nil {
			if err := scopeDelete(scope, name); err != nil {
				return err
			}
			c.pend.removed = append(c.pend.removed, old)
			c.pend.oldByName[name] = old
		}
		c.pend.inserted = append(c.pend.inserted, name)
		return nil
	}
	var methods []*ast.FuncDecl
	for _, d := range c.fileA.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				methods = append(methods, d)
				continue
			}
			if err := redefine(d.Name.Name); err != nil {
				return err
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					if err := redefine(spec.Name.Name); err != nil {
						return err
					}
				case *ast.ValueSpec:
					for _, id := range spec.Names {
						if err := redefine(id.Name); err != nil {
							return err
						}
					}
				}
			}
		}
	}
	for _, d := range methods {
		base := recvBase(d.Recv)
		if base == "" || declared[base] {
			continue
		}
		tn, ok := scope.Lookup(base).(*types.TypeName)
		if !ok {
			continue
		}
		if !rememberDecl(s.decls, s.typeDecls, tn) {
			line, col := c.cellPos(s.fset.Position(d.Name.Pos()))
			return &Error{Line: line, Col: col, Msg: "cannot declare a method on " + base + " here: its declaration is not known (run the cell that declares it again)"}
		}
		named, ok := tn.Type().(*types.Named)
		if !ok {
			continue
		}
		for i := 0; i < named.NumMethods(); i++ {
			if m := named.Method(i); m.Name() == d.Name.Name {
				// yaegi keeps the first method of a name a type got,
				// so running the new one would silently run the old.
				return c.unsupported(d.Name.Pos(), "redefining method "+base+"."+m.Name()+" of a type declared in an earlier cell (run the cell that declares "+base+" again, then this one)")
			}
		}
		// The promoted pass gave the type the methods of the interfaces
		// it embeds: a new method of one of those names is a
		// redefinition too.
		if sel := types.NewMethodSet(named).Lookup(s.pkg, d.Name.Name); sel != nil && promotedFromIface(sel) {
			return c.unsupported(d.Name.Pos(), "declaring method "+base+"."+d.Name.Name+" in a later cell than "+base+", which has it from an embedded interface (declare it in the cell that declares "+base+")")
		}
	}
	return nil
}

// recvBase returns the name of a method's receiver base type.
func recvBase(recv *ast.FieldList) string {
	if recv == nil || len(recv.List) == 0 {
		return ""
	}
	t := recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// hoist turns the variables declared by the cell's top-level statements
// into package variables of the session, and records the methods the cell
// added to types of earlier cells.
func (c *compilation) hoist() error {
	s := c.s
	scope := s.pkg.Scope()
	info := s.info
	if c.fileA != nil {
		for _, d := range c.fileA.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil {
				continue
			}
			fn, _ := info.Defs[fd.Name].(*types.Func)
			if fn == nil {
				continue
			}
			recv := fn.Type().(*types.Signature).Recv()
			t := recv.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			named, ok := t.(*types.Named)
			if !ok {
				continue
			}
			if named.Origin().Obj().Pos() < c.fileStart() {
				c.pend.methodsAdded = append(c.pend.methodsAdded, method{named.Origin(), fn})
			}
		}
	}
	if c.wrapper == nil {
		return nil
	}
	inCell := map[string]bool{}
	for _, name := range c.pend.inserted {
		inCell[name] = true
	}
	for _, st := range c.wrapper.Body.List {
		for _, id := range definedAtTop(st) {
			v, ok := info.Defs[id].(*types.Var)
			if !ok {
				continue
			}
			if inCell[id.Name] {
				line, col := c.cellPos(s.fset.Position(id.Pos()))
				return &Error{Line: line, Col: col, Msg: id.Name + " redeclared in this block"}
			}
			pv := types.NewVar(v.Pos(), s.pkg, v.Name(), v.Type())
			if old := scope.Lookup(id.Name); old != nil {
				if err := scopeDelete(scope, id.Name); err != nil {
					return err
				}
				c.pend.removed = append(c.pend.removed, old)
				c.pend.oldByName[id.Name] = old
			}
			scope.Insert(pv)
			c.pend.inserted = append(c.pend.inserted, id.Name)
			inCell[id.Name] = true
			c.hoisted[v] = pv
		}
	}
	return nil
}

// fileStart returns the first position of this compilation's files.
func (c *compilation) fileStart() token.Pos {
	if c.fileA != nil {
		return token.Pos(c.s.fset.File(c.fileA.Pos()).Base())
	}
	return token.Pos(c.s.fset.File(c.fileB.Pos()).Base())
}

// varLike reports whether obj is emitted as a variable: variables and
// non-generic functions, which the compiler emits as function variables so
// that redefining them reaches earlier callers.
func varLike(obj types.Object) bool {
	switch obj := obj.(type) {
	case *types.Var:
		return true
	case *types.Func:
		sig := obj.Type().(*types.Signature)
		return sig.Recv() == nil && sig.TypeParams() == nil
	}
	return false
}

// assignNames chooses the emitted name of every object the cell declares
// at package level. A redefinition of a variable or function with an
// identical type reuses the earlier variable, so everything compiled before
// sees the new value; any other redefinition gets a fresh versioned name,
// because the interpreter ignores a type declared twice.
func (c *compilation) assignNames() {
	s := c.s
	info := s.info
	taken := func(name string) bool {
		if s.taken[name] {
			return true
		}
		for _, t := range c.pend.taken {
			if t == name {
				return true
			}
		}
		return false
	}
	name := func(obj types.Object) {
		if obj == nil || obj.Name() == "_" {
			return
		}
		if _, done := c.pend.names[obj]; done {
			return
		}
		if old := c.pend.oldByName[obj.Name()]; old != nil && varLike(old) && varLike(obj) && types.Identical(old.Type(), obj.Type()) {
			if n, ok := s.names[old]; ok {
				c.pend.names[obj] = n
				c.reuse[obj] = true
				return
			}
		}
		base := obj.Name()
		if base == "main" {
			base = "gonote_main"
		}
		n := base
		// A generic declaration must not share its name with one the
		// interpreter runs from source (stdGenericName).
		clash := genericObj(obj) && s.stdGenericName(base)
		for v := 2; taken(n) || clash; v++ {
			n = base + "__v" + strconv.Itoa(v)
			clash = false
		}
		c.pend.names[obj] = n
		c.pend.taken = append(c.pend.taken, n)
	}
	if c.fileA != nil {
		for _, d := range c.fileA.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name != "init" {
					name(info.Defs[d.Name])
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch spec := spec.(type) {
					case *ast.TypeSpec:
						name(info.Defs[spec.Name])
					case *ast.ValueSpec:
						for _, id := range spec.Names {
							name(info.Defs[id])
						}
					}
				}
			}
		}
	}
	if c.wrapper != nil {
		for _, st := range c.wrapper.Body.List {
			for _, id := range definedAtTop(st) {
				if pv := c.hoisted[info.Defs[id]]; pv != nil {
					name(pv)
				}
			}
		}
	}
}

// emitted returns the name obj has in emitted code, if it is a
// session-level object.
func (c *compilation) emitted(obj types.Object) (string, bool) {
	if pv := c.hoisted[obj]; pv != nil {
		obj = pv
	}
	if n, ok := c.pend.names[obj]; ok {
		return n, true
	}
	n, ok := c.s.names[obj]
	return n, ok
}

// rename gives every identifier of a session-level object its emitted name.
func (c *compilation) rename() {
	info := c.s.info
	for id, obj := range info.Defs {
		if n, ok := c.emitted(obj); ok {
			id.Name = n
		}
	}
	for id, obj := range info.Uses {
		if n, ok := c.emitted(obj); ok {
			id.Name = n
		}
	}
}

// emit assembles the unit's file: declarations at package level, and an
// entry function holding, in order, the function variables' values, the
// variable initialisers, the init funcs, the statements and the call of
// main.
func (c *compilation) emit() (*Unit, error) {
	if err := c.orderGenericMethods(); err != nil {
		return nil, err
	}
	s := c.s
	info := s.info
	type item struct {
		pos  token.Pos
		stmt ast.Stmt
	}
	var decls []ast.Decl
	var prologue []ast.Stmt
	var items []item // statements and initialisers, in source order
	var initFuncs []ast.Stmt
	var callMain ast.Stmt
	varDecl := func(name string, typ ast.Expr) {
		decls = append(decls, &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(name)}, Type: typ},
		}})
	}
	if c.fileA != nil {
		for _, d := range c.fileA.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				switch d.Tok {
				case token.IMPORT:
				case token.VAR:
					for _, spec := range d.Specs {
						vs := spec.(*ast.ValueSpec)
						for _, id := range vs.Names {
							obj := info.Defs[id]
							if obj == nil || id.Name == "_" {
								continue
							}
							typ := c.typeExpr(obj.Type())
							if c.reuse[obj] {
								if len(vs.Values) == 0 {
									items = append(items, item{id.Pos(), &ast.AssignStmt{
										Lhs: []ast.Expr{ast.NewIdent(id.Name)}, Tok: token.ASSIGN,
										Rhs: []ast.Expr{&ast.StarExpr{X: &ast.CallExpr{Fun: ast.NewIdent("new"), Args: []ast.Expr{typ}}}},
									}})
								}
								continue
							}
							varDecl(id.Name, typ)
						}
					}
				default:
					decls = append(decls, d)
				}
			case *ast.FuncDecl:
				if d.Recv != nil || d.Type.TypeParams != nil {
					decls = append(decls, d)
					continue
				}
				lit := &ast.FuncLit{Type: d.Type, Body: d.Body}
				if d.Name.Name == "init" {
					initFuncs = append(initFuncs, &ast.ExprStmt{X: &ast.CallExpr{Fun: lit}})
					continue
				}
				obj := info.Defs[d.Name]
				if !c.reuse[obj] {
					varDecl(d.Name.Name, d.Type)
				}
				prologue = append(prologue, &ast.AssignStmt{
					Lhs: []ast.Expr{ast.NewIdent(d.Name.Name)}, Tok: token.ASSIGN, Rhs: []ast.Expr{lit},
				})
				if obj != nil && obj.Name() == "main" {
					callMain = &ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent(d.Name.Name)}}
				}
			}
		}
		for _, in := range info.InitOrder {
			var lhs []ast.Expr
			for _, v := range in.Lhs {
				n, ok := c.emitted(v)
				if !ok {
					n = "_"
				}
				lhs = append(lhs, ast.NewIdent(n))
			}
			items = append(items, item{in.Rhs.Pos(), &ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: []ast.Expr{in.Rhs}}})
		}
	}
	if c.wrapper != nil {
		// Statements the passes added have no position: they go with
		// the next statement that has one.
		pos := make([]token.Pos, len(c.wrapper.Body.List))
		next := token.Pos(c.wrapper.Body.Rbrace)
		for i := len(pos) - 1; i >= 0; i-- {
			if p := c.wrapper.Body.List[i].Pos(); p.IsValid() {
				next = p
			}
			pos[i] = next
		}
		for i, st := range c.wrapper.Body.List {
			if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
				hoisted := false
				for _, id := range definedAtTop(st) {
					pv := c.hoisted[info.Defs[id]]
					if pv == nil {
						continue
					}
					hoisted = true
					if !c.reuse[pv] {
						varDecl(id.Name, c.typeExpr(pv.Type()))
					}
				}
				if hoisted {
					as.Tok = token.ASSIGN
				}
			}
			items = append(items, item{pos[i], st})
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].pos < items[j].pos })
	}
	body := prologue
	for _, it := range items {
		body = append(body, it.stmt)
	}
	body = append(body, initFuncs...)
	if callMain != nil {
		body = append(body, callMain)
	}
	u := &Unit{
		Name:           c.name,
		Cell:           c.n,
		Program:        c.program,
		ImportsAdded:   c.added,
		ImportsRemoved: c.removed,
		lineOff:        c.lineOff,
		lines:          strings.Count(c.src, "\n") + 1,
		fset:           s.fset,
		panics:         c.panics,
	}
	decls = append(decls, c.helperDecls...)
	if len(body) > 0 {
		// The cell runs as the file's init function: yaegi runs it when
		// it executes the file, and declares no name for it, so nothing
		// of it stays in the session once it and its goroutines are done.
		decls = append(decls, &ast.FuncDecl{
			Name: ast.NewIdent("init"),
			Type: &ast.FuncType{Params: &ast.FieldList{}},
			Body: &ast.BlockStmt{List: body},
		})
		u.Runs = true
	}
	file := &ast.File{Name: ast.NewIdent("main")}
	if imp := c.importDecl(decls); imp != nil {
		file.Decls = append(file.Decls, imp)
	}
	file.Decls = append(file.Decls, decls...)
	var buf bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&buf, s.fset, file); err != nil {
		return nil, fmt.Errorf("print %s: %w", c.name, err)
	}
	u.Source = buf.String()
	u.out = file
	return u, nil
}
