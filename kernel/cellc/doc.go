// Package cellc is the cell compiler: it turns a notebook cell into Go that
// yaegi v0.16.1 runs with Go's semantics.
//
// # Use
//
//	s := cellc.NewSession()          // one per interpreter
//	u, err := s.Compile(src, n)      // n: the cell's execution count
//	// err is a *cellc.Error (cell line:col, Go's message) for a compile error
//	// parse u.Source as file u.Name into the interpreter's FileSet and
//	// compile it (CompileAST), then
//	s.Commit(u)                      // only once the interpreter accepted it
//	// execute the program: when u.Runs, its init function runs the cell
//	line, col, ok := u.Pos(l, c)     // map a position in u.Source to the cell
//
// The interpreter must also have the session runtime's symbols (package
// gonote/kernel/rt: rt.New(hooks).Symbols()), since compiled go statements
// start goroutines through it.
//
// # What a cell may be
//
// A cell is either REPL-style code, top-level statements and declarations
// mixed in any order, or a whole program (package main ... func main()),
// pasted from anywhere. Declarations, imports and variables persist across
// cells in the order cells were committed. A cell that declares func main
// runs it once, when the cell itself runs; later cells never run it again.
//
// # Pipeline
//
//  1. split (split.go): top-level chunks are classified as declarations
//     (import, const, type, var, func NAME, methods) or statements. The
//     declarations are parsed as one file, the statements as another, inside
//     a function. Both keep the cell's columns and are one line below it, so
//     positions map back exactly.
//  2. imports (imports.go): as goimports does, for the standard library and
//     golang.org/x/sync: used but not imported packages are imported
//     (Unit.ImportsAdded), unused imports are dropped (Unit.ImportsRemoved).
//  3. check (session.go): go/types checks the cell incrementally against the
//     session's package, with the standard library's types embedded at build
//     time (stdlib.zip, see go generate), so errors are Go's own (unused
//     variables, missing return, type errors) at the cell's line:column, and
//     no Go toolchain is needed at run time. A name declared again replaces
//     the earlier declaration (scopeedit.go).
//     Then vet (vet.go) runs a subset of go vet's analyzers (printf,
//     copylocks, lostcancel, atomic, ...) on the cell as written; their
//     findings are warnings in Unit.Vet, worded as go vet words them, and
//     do not stop the cell.
//  4. hoist and name (session.go): variables declared by top-level statements
//     become package variables of the session (their types from go/types).
//     Functions are emitted as function variables, so redefining one reaches
//     every earlier caller; a redefined type or a variable whose type changed
//     gets a fresh versioned name (T__v2), because yaegi ignores a type
//     declared twice; so does a generic declaration named as a generic
//     function or type yaegi runs from source (generic_names.go), since
//     yaegi keeps instances by name for all packages. Types declared in
//     functions move to package level as gonote_NAME (localtypes.go),
//     unless they mention something else local or are embedded, so that
//     the passes' helpers can name them.
//  5. passes (rewrite.go, pass_*.go), in order; each runs only when the
//     cell has the syntax it rewrites:
//     parens (an identifier in parentheses loses them: in an operand of
//     && or || yaegi ends the program or panics on it),
//     jsontags (unexported fields of the cell's struct types get the tag
//     json:"-": yaegi exports them under X and their name, and
//     encoding/json wrote them),
//     switchcase (the expressions of a case of a switch on a boolean are
//     joined with ||: yaegi tests only the first),
//     localalias (type aliases declared in a function are replaced by the
//     type they stand for),
//     methodval (method values and method expressions not called at once
//     become function literals, which bind the receiver when made),
//     stdgeneric (calls of generic standard-library functions whose
//     source the interpreter cannot run, such as slices.Compact and
//     maps.Clone, call a helper written for their instance),
//     errbox (a value of the cell's error type with value receivers goes
//     into an error as a pointer to a copy, which yaegi wraps with its
//     methods; a nil pointer of the cell's error type put into an error,
//     a nil error in yaegi, stops the cell as not supported),
//     generics (explicit type arguments for every generic call; a
//     session generic function with one type parameter gets a second,
//     since yaegi crashes instantiating f[T] inside a generic function;
//     a conversion to a type parameter that a session named type may
//     stand for, T(x), is made by a helper, since yaegi crashes on it),
//     builtins (min, max, clear; min and max of type parameter values
//     become function literals over the type parameter),
//     errorsas (errors.As on the cell's own error types, errors.Is,
//     errors.Join and errors.Unwrap in interpreted code, which see the
//     Unwrap, Is and As methods of the cell's types inside yaegi's
//     wrappers),
//     fmttype (%T of the cell's own types, which yaegi prints as their
//     underlying type, and numeric verbs on them),
//     fmtview (an fmt operand that yaegi would print differently, with
//     %+v's unexported field names, %#v's type names, String and Error
//     methods of values inside slices, maps, structs and interfaces, nil
//     receivers, values of the session's types with methods in an
//     interface (which fmt would see in yaegi's wrapper), is formatted by
//     a helper written for its static type, which walks it as fmt does;
//     so are the operands of Print(xs...)),
//     ifacecopy (a value of the session's types with methods converted
//     to an interface is converted in a helper: yaegi keeps it by
//     reference to the variable, so later changes, or the next iteration
//     of a range, showed through the interface),
//     rangeint (range over an integer),
//     rangechan (range over a slice, array or map of channels),
//     rangefunc (range over function iterators),
//     loopvar (Go 1.22 per-iteration loop variables),
//     recvreturn (return <-ch),
//     select (case bodies run in a switch after the select, where continue,
//     break and break L behave; send values are evaluated before it; a
//     receive case assigns its variables in the switch),
//     typeswitch (a type switch with a case of a non-empty interface type
//     or of the cell's own types becomes type assertions, which yaegi gets
//     right),
//     assert (a type assertion to an interface tries the session's types
//     that implement it, since a struct value in an interface loses its
//     methods in yaegi; one to the cell's own type looks inside yaegi's
//     wrapper of an error; a comma-ok one checks for nil first; a value
//     of the session's named type of a basic kind with methods is in
//     yaegi's wrapper, whose type a type switch tells exactly, while
//     without methods it is a plain value of its kind, which an assertion
//     to the named type accepts unless a type switch also has a case of
//     that kind: Go's answer cannot be known there),
//     ifaceeq (comparing errors that may hold the cell's types compares
//     what yaegi's wrappers hold),
//     callargs (go and defer evaluate their arguments at the statement; go
//     statements start through the runtime, which recovers panics; a
//     defer in a loop passes its receiver and the variables its function
//     literal uses as arguments, which yaegi evaluates at the statement),
//     ifacearg (values of the cell's interface types are converted before
//     native code gets them),
//     funcarg (function literals are bound to a variable before native
//     code gets them),
//     closures (function literals made in a loop are made in a frame of
//     their own: yaegi writes a stale value back into the frame that made a
//     closure whenever it is called through a value),
//     recover (the value recover returns is what Go's would be: an
//     explicit panic's value out of the reflect.Value yaegi wraps it in;
//     yaegi's panics for a nil pointer dereference, an index or slice
//     bound out of range, make with a negative size and a failed type
//     assertion become Go's run-time errors, whose %T (typeNameHelper)
//     and messages (a failed assertion to an interface names the missing
//     method) are Go's; and index and slice
//     expressions outside tight loops and call-free declared functions
//     get a check
//     before their statement that panics with Go's message, index and
//     length included: pass_bounds.go),
//     panics (an explicit panic runs in a function literal of its own,
//     because the interpreter reports a panicking frame at the start of
//     its function's body: the literal starts at the panic, and
//     Unit.PanicSite lets the engine put that position on the caller),
//     multiassign (in an assignment or declaration of several variables,
//     composite literals, receives and calls are parenthesised: yaegi
//     computes such a value straight into its variable and then skips the
//     statement, leaving the other variables unset; so is a receive
//     assigned to a variable, which yaegi writes into the wrong frame when
//     the variable is not the function's own).
//     Each pass has a program in testdata/passes whose output under yaegi
//     is compared with go run's, and a golden of its compiled source.
//  6. emit (session.go): one file, package main, whose declarations are
//     package level and whose statements, variable initialisers, init funcs
//     and main call form the file's init function, which yaegi runs when it
//     executes the file and keeps no name for afterwards.
//
// Where a Go feature still cannot work, Compile fails with an *Error whose
// message starts "not supported by the interpreter:" and names the feature;
// a cell never runs with different semantics.
package cellc
