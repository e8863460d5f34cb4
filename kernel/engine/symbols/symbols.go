// Package symbols holds the compiled packages cells can import beyond
// yaegi's own standard library (which stops at Go 1.22): the parts of newer
// standard-library packages that are not generic, and golang.org/x/sync.
//
// The files other than this one are written by "go generate" with yaegi's
// extract command at the version in go.mod; never edit them by hand. Generic
// functions and types cannot be extracted; the engine supplies them as
// interpreted source instead (see package engine's shims).
package symbols

import "reflect"

//go:generate go run github.com/traefik/yaegi/cmd/yaegi@v0.16.1 extract -name symbols bytes strings sync/atomic log/slog math/rand/v2 crypto/rand testing/synctest unicode/utf16 golang.org/x/sync/errgroup golang.org/x/sync/semaphore golang.org/x/sync/singleflight

// Symbols maps "import/path/name" to the package's exported symbols, as
// interp.Interpreter.Use expects. It is filled by the generated files' init
// functions and never changed afterwards.
var Symbols = map[string]map[string]reflect.Value{}
