package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Environment variables that carry the sandbox from Command to Enter. Enter
// removes them from the environment before it returns.
const (
	// envOptions holds the JSON-encoded Options; its presence means "this
	// process must be sandboxed".
	envOptions = "GONOTE_SANDBOX"
	// envStage is set by Enter, instead of envOptions, when it
	// re-executes the worker after the setup, so the second run only
	// checks the result.
	envStage = "GONOTE_SANDBOX_STAGE"
)

// DefaultTempSize is the size of the private /tmp when Options.TempSize is 0.
const DefaultTempSize = 64 << 20

// nobody is the user and group a worker started by root runs as.
const nobody = 65534

// Errors.
var (
	// ErrUnsupported is returned on systems without Linux namespaces.
	ErrUnsupported = errors.New("sandbox: not supported on this system")
	// ErrSetup is wrapped by every error Enter returns: the sandbox could
	// not be completed and the worker must not run cells.
	ErrSetup = errors.New("sandbox setup failed")
)

// Options says how to build the sandbox. The zero value is ready to use.
type Options struct {
	// TempSize is the size limit of the private writable /tmp, in bytes;
	// 0 means DefaultTempSize.
	TempSize int64 `json:"temp_size,omitempty"`
	// Hide lists host paths a cell must not see even if they lie inside
	// the read-only view (for example a notebook directory under /usr).
	// Relative paths are taken from the working directory. Command adds
	// the working directory itself.
	Hide []string `json:"hide,omitempty"`
	// Env lists environment variables for the sandboxed process, as
	// NAME=value. Command replaces the command's environment with
	// Environ(Env), so that no secret in the server's environment reaches
	// a cell. Enter then sets HOME and TMPDIR to /tmp and PATH to the
	// system's bin directories.
	Env []string `json:"-"`
}

func (o Options) tempSize() int64 {
	if o.TempSize > 0 {
		return o.TempSize
	}
	return DefaultTempSize
}

// encode turns the options into the value of envOptions.
func (o Options) encode() string {
	b, err := json.Marshal(o)
	if err != nil {
		// Options holds only an integer and strings: Marshal cannot fail.
		panic(fmt.Sprintf("sandbox: encode options: %v", err))
	}
	return string(b)
}

// decodeOptions parses the value of envOptions.
func decodeOptions(s string) (Options, error) {
	var o Options
	if err := json.Unmarshal([]byte(s), &o); err != nil {
		return Options{}, fmt.Errorf("decode %s: %w", envOptions, err)
	}
	return o, nil
}

// Requested reports whether this process was started by Command and so must
// call Enter before doing anything else.
func Requested() bool {
	_, ok := os.LookupEnv(envOptions)
	_, again := os.LookupEnv(envStage)
	return ok || again
}

// Environ returns the environment for a kernel worker, sandboxed or not:
// the harmless variables of this process (user, home, path, locale, time
// zone, terminal and the Go runtime's own) followed by extra. No secret of
// the server's environment, such as its token, reaches the worker, where a
// cell could read it in /proc/self/environ.
func Environ(extra []string) []string {
	return append(allowedEnv(os.Environ()), extra...)
}

// allowedEnv keeps the variables of env a kernel worker may inherit.
func allowedEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "USER", "LOGNAME", "HOME", "PATH", "TMPDIR",
			"LANG", "LANGUAGE", "TZ", "TERM",
			"GODEBUG", "GOGC", "GOMAXPROCS", "GOMEMLIMIT", "GOTRACEBACK",
			"GORACE", "GOCOVERDIR":
			out = append(out, kv)
		default:
			if strings.HasPrefix(name, "LC_") {
				out = append(out, kv)
			}
		}
	}
	return out
}

// withEnv returns env with every variable named in set replaced by its new
// value (or added), and every variable named in drop removed.
func withEnv(env []string, set map[string]string, drop ...string) []string {
	out := make([]string, 0, len(env)+len(set))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if _, ok := set[name]; ok {
			continue
		}
		dropped := false
		for _, d := range drop {
			if name == d {
				dropped = true
				break
			}
		}
		if !dropped {
			out = append(out, kv)
		}
	}
	names := make([]string, 0, len(set))
	for name := range set {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		out = append(out, name+"="+set[name])
	}
	return out
}
