// Package nbtest checks .ipynb files with the official nbformat validator,
// for tests. It runs Python's nbformat package (Debian's python3-nbformat)
// with the interpreter named by GONOTE_PYTHON, /usr/bin/python3 by default;
// a test that calls it fails, never skips, when the validator cannot run.
package nbtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// script validates each file named on its command line as nbformat 4.5 and
// prints one line per file: "ok" or the validation error. With --canonical
// first, it also requires each file to be exactly what nbformat itself
// writes for it (what JupyterLab saves), so opening and saving it in
// JupyterLab changes nothing.
const script = `
import copy, json, sys
import nbformat
canonical = sys.argv[1] == "--canonical"
for path in sys.argv[2:]:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        raw = json.loads(text)
        if (raw.get("nbformat"), raw.get("nbformat_minor")) != (4, 5):
            raise ValueError("not nbformat 4.5: %r.%r" % (raw.get("nbformat"), raw.get("nbformat_minor")))
        node = nbformat.from_dict(copy.deepcopy(raw))
        nbformat.validate(node)
        # validate quietly repairs some faults (missing or duplicate cell
        # ids) in place; a notebook it had to change is not valid as written.
        if json.loads(json.dumps(node)) != raw:
            raise ValueError("nbformat.validate had to repair it (missing or duplicate cell ids?)")
        if canonical and nbformat.writes(nbformat.from_dict(raw)) + "\n" != text:
            raise ValueError("valid, but not byte for byte what nbformat writes")
        print("ok")
    except Exception as e:
        print(("%s: %s" % (type(e).__name__, e)).replace("\n", " | "))
`

// Python returns the interpreter that has nbformat.
func Python() string {
	if p := os.Getenv("GONOTE_PYTHON"); p != "" {
		return p
	}
	return "/usr/bin/python3"
}

// Validate fails t unless every document is a valid nbformat 4.5 notebook
// according to nbformat.validate. It runs the validator once for all of
// them.
func Validate(t testing.TB, docs ...[]byte) {
	t.Helper()
	if err := Check(t.TempDir(), docs...); err != nil {
		t.Fatal(err)
	}
}

// ValidateCanonical is Validate that also requires each document to be byte
// for byte what nbformat writes for it, as JupyterLab saves it.
func ValidateCanonical(t testing.TB, docs ...[]byte) {
	t.Helper()
	if err := check(true, t.TempDir(), docs...); err != nil {
		t.Fatal(err)
	}
}

// Check is Validate without a testing.TB: it writes the documents to files
// in dir and returns an error naming each invalid one, or saying why the
// validator could not run.
func Check(dir string, docs ...[]byte) error {
	return check(false, dir, docs...)
}

func check(canonical bool, dir string, docs ...[]byte) error {
	if len(docs) == 0 {
		return nil
	}
	var paths []string
	for i, d := range docs {
		p := filepath.Join(dir, fmt.Sprintf("nbtest-%d.ipynb", i))
		if err := os.WriteFile(p, d, 0o644); err != nil {
			return fmt.Errorf("nbformat validate: %w", err)
		}
		paths = append(paths, p)
	}
	return checkFiles(canonical, paths...)
}

// CheckFiles validates the .ipynb files at paths; see Check.
func CheckFiles(paths ...string) error { return checkFiles(false, paths...) }

// CheckFilesCanonical validates the .ipynb files at paths and requires them
// to be what nbformat writes; see ValidateCanonical.
func CheckFilesCanonical(paths ...string) error { return checkFiles(true, paths...) }

func checkFiles(canonical bool, paths ...string) error {
	if len(paths) == 0 {
		return nil
	}
	mode := "--plain"
	if canonical {
		mode = "--canonical"
	}
	py := Python()
	cmd := exec.Command(py, append([]string{"-c", script, mode}, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("nbformat validator could not run (%s; install python3-nbformat, or set GONOTE_PYTHON): %v\n%s", py, err, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(paths) {
		return fmt.Errorf("nbformat validator printed %d lines for %d files:\n%s%s", len(lines), len(paths), out, stderr.String())
	}
	var bad []string
	for i, l := range lines {
		if l != "ok" {
			bad = append(bad, fmt.Sprintf("%s: %s", filepath.Base(paths[i]), l))
		}
	}
	if bad != nil {
		return fmt.Errorf("nbformat.validate rejected %d of %d notebooks:\n%s", len(bad), len(paths), strings.Join(bad, "\n"))
	}
	return nil
}
