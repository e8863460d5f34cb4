package engine

import (
	"flag"
	"fmt"
	"go/constant"
	"io"
	"math/bits"
	"os"
	"reflect"
	"sync"

	"github.com/traefik/yaegi/interp"
)

// restrictions returns a session's replacements for the standard symbols
// that would otherwise read or change the worker process itself, as
// yaegi's restricted mode makes them: the environment is the session's
// own (empty at first), fmt's Scan functions read stdin (the session's
// empty input), flag.CommandLine is a flag set of the session's that
// panics on errors and prints to stderr, os.Args is a copy. math/bits
// gets the UintSize of the machine it runs on rather than the generator's.
// known is symbols.MapTypes(); the second result holds the interface
// wrappers of the replacements.
func restrictions(stdin io.Reader, stderr io.Writer, known map[reflect.Value][]reflect.Type) (interp.Exports, map[reflect.Value][]reflect.Type) {
	env := &sessionEnv{vars: map[string]string{}}
	args := append([]string(nil), os.Args...)
	name := ""
	if len(args) > 0 {
		name = args[0]
	}
	commandLine := flag.NewFlagSet(name, flag.PanicOnError)
	commandLine.SetOutput(stderr)

	mapTypes := map[reflect.Value][]reflect.Type{}
	scan := func(orig, repl any) reflect.Value {
		v := reflect.ValueOf(repl)
		if ts, ok := known[reflect.ValueOf(orig)]; ok {
			mapTypes[v] = ts
		}
		return v
	}
	return interp.Exports{
		"os/os": {
			"Args":      reflect.ValueOf(&args).Elem(),
			"Clearenv":  reflect.ValueOf(env.clear),
			"Environ":   reflect.ValueOf(env.environ),
			"ExpandEnv": reflect.ValueOf(func(s string) string { return os.Expand(s, env.get) }),
			"Getenv":    reflect.ValueOf(env.get),
			"LookupEnv": reflect.ValueOf(env.lookup),
			"Setenv":    reflect.ValueOf(env.set),
			"Unsetenv":  reflect.ValueOf(env.unset),
		},
		"fmt/fmt": {
			"Scan":   scan(fmt.Scan, func(a ...any) (int, error) { return fmt.Fscan(stdin, a...) }),
			"Scanf":  scan(fmt.Scanf, func(f string, a ...any) (int, error) { return fmt.Fscanf(stdin, f, a...) }),
			"Scanln": scan(fmt.Scanln, func(a ...any) (int, error) { return fmt.Fscanln(stdin, a...) }),
		},
		"flag/flag": {
			"CommandLine": reflect.ValueOf(&commandLine).Elem(),
		},
		"math/bits/bits": {
			"UintSize": reflect.ValueOf(constant.MakeInt64(bits.UintSize)),
		},
	}, mapTypes
}

// sessionEnv is a session's environment variables.
type sessionEnv struct {
	mu   sync.Mutex
	vars map[string]string
}

func (e *sessionEnv) get(key string) string {
	v, _ := e.lookup(key)
	return v
}

func (e *sessionEnv) lookup(key string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.vars[key]
	return v, ok
}

func (e *sessionEnv) set(key, value string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.vars[key] = value
	return nil
}

func (e *sessionEnv) unset(key string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.vars, key)
	return nil
}

func (e *sessionEnv) clear() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.vars)
}

func (e *sessionEnv) environ() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	list := make([]string, 0, len(e.vars))
	for k, v := range e.vars {
		list = append(list, k+"="+v)
	}
	return list
}
