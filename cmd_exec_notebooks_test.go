package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonote/notebooks"
	"gonote/notebooks/nbtest"
)

// execFile runs "gonote exec" with args and returns its output.
func execFile(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), append([]string{"exec"}, args...), nil, &out, &errOut)
	return out.String(), errOut.String(), err
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestExecMarkdownSharedVariable runs a three-cell Markdown notebook whose
// cells share a variable: stdout is exactly what the cells printed, and the
// executed notebook written with --out validates.
func TestExecMarkdownSharedVariable(t *testing.T) {
	md := writeFile(t, "three.md", "# Three cells\n\n```go\nimport \"fmt\"\n\nvar x = 40\n```\n\nThen:\n\n```go\nx += 2\nfmt.Println(\"x is\", x)\n```\n\n```go\nfmt.Printf(\"%d!\\n\", x)\n```\n")
	out := filepath.Join(t.TempDir(), "three.ipynb")
	stdout, stderr, err := execFile(t, "--out", out, md)
	if err != nil {
		t.Fatalf("exec: %v\nstderr: %s", err, stderr)
	}
	if want := "x is 42\n42!\n"; stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := notebooks.DecodeIPYNB(data, notebooks.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, c := range nb.Cells {
		if c.Type != notebooks.Code {
			continue
		}
		if c.ExecutionCount == nil {
			t.Errorf("cell %q has no execution count", c.Source)
		}
		if tm, ok := c.Timing(); !ok || tm.Status != "ok" || tm.Duration <= 0 {
			t.Errorf("cell %q timing = %+v, %v", c.Source, tm, ok)
		}
		for _, o := range c.Outputs {
			texts = append(texts, o.Text)
		}
	}
	if got := strings.Join(texts, ""); got != "x is 42\n42!\n" {
		t.Errorf("outputs in --out = %q", got)
	}
	nbtest.ValidateCanonical(t, data)
}

// TestExecSecondCellPanics runs a notebook whose second cell panics: exit
// status 1 (errCellFailed), stderr names cell 2 and the line, the third
// cell is skipped, and --keep-going runs it.
func TestExecSecondCellPanics(t *testing.T) {
	src := "```go\nimport \"fmt\"\n```\n\n```go\nfmt.Println(\"second\")\npanic(\"boom\")\n```\n\n```go\nfmt.Println(\"third\")\n```\n"
	md := writeFile(t, "panics.md", src)
	out := filepath.Join(t.TempDir(), "panics.ipynb")
	stdout, stderr, err := execFile(t, "--out", out, md)
	if !errors.Is(err, errCellFailed) {
		t.Fatalf("exec = %v, want errCellFailed (exit 1)", err)
	}
	if stdout != "second\n" {
		t.Errorf("stdout = %q, want the first two cells' output only", stdout)
	}
	if !strings.Contains(stderr, "cell 2, line 2") || !strings.Contains(stderr, "panic: boom") {
		t.Errorf("stderr = %q, want it to name cell 2, line 2 and the panic", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	nbtest.ValidateCanonical(t, data)

	stdout, _, err = execFile(t, "--keep-going", md)
	if !errors.Is(err, errCellFailed) || stdout != "second\nthird\n" {
		t.Errorf("exec --keep-going = %q, %v; want all three cells' output and errCellFailed", stdout, err)
	}
}

// TestExecExit runs programs that end with os.Exit and log.Fatal: as with
// go run, what they printed before is kept, deferred functions do not
// run, and exec fails naming the exit.
func TestExecExit(t *testing.T) {
	for _, tc := range []struct{ name, src, stdout, stderr string }{
		{"os.Exit", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tdefer fmt.Println(\"deferred\")\n\tfmt.Println(\"before\")\n\tos.Exit(3)\n}\n", "before\n", "os.Exit(3)"},
		{"log.Fatal", "package main\n\nimport (\n\t\"fmt\"\n\t\"log\"\n)\n\nfunc main() {\n\tdefer fmt.Println(\"deferred\")\n\tlog.SetFlags(0)\n\tfmt.Println(\"before\")\n\tlog.Fatal(\"boom\")\n}\n", "before\n", "boom\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, err := execFile(t, writeFile(t, "exit.go", tc.src))
			if !errors.Is(err, errCellFailed) {
				t.Fatalf("exec = %v, want errCellFailed (exit 1)", err)
			}
			if stdout != tc.stdout {
				t.Errorf("stdout = %q, want %q: deferred functions must not run", stdout, tc.stdout)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr = %q, want it to hold %q", stderr, tc.stderr)
			}
		})
	}
}

// TestExecIPYNBAndBadInput runs an .ipynb notebook and refuses bad files
// with an error naming them.
func TestExecIPYNBAndBadInput(t *testing.T) {
	nb := notebooks.New()
	nb.Cells = []*notebooks.Cell{
		{Type: notebooks.Markdown, Source: "# Title"},
		{Type: notebooks.Code, Source: "import \"fmt\""},
		{Type: notebooks.Code, Source: "fmt.Print(\"from ipynb\")"},
	}
	data, err := notebooks.EncodeIPYNB(nb)
	if err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, "nb.ipynb", string(data))
	if stdout, stderr, err := execFile(t, p); err != nil || stdout != "from ipynb" {
		t.Errorf("exec nb.ipynb = %q, %v (stderr %q)", stdout, err, stderr)
	}
	bad := writeFile(t, "bad.ipynb", `{"cells": [`)
	if _, _, err := execFile(t, bad); err == nil || !strings.Contains(err.Error(), "bad.ipynb") || !strings.Contains(err.Error(), "malformed JSON") {
		t.Errorf("exec bad.ipynb = %v, want an error naming the file", err)
	}
	open := writeFile(t, "open.md", "```go\nx := 1\n")
	if _, _, err := execFile(t, open); err == nil || !strings.Contains(err.Error(), "open.md") || !strings.Contains(err.Error(), "never closed") {
		t.Errorf("exec open.md = %v, want an unclosed-fence error naming the file", err)
	}
}

// TestExecHelper is not a test: it is gonote's main, run in a child process
// by tests that need one (see gonoteCommand).
func TestExecHelper(t *testing.T) {
	if os.Getenv("GONOTE_EXEC_HELPER") != "1" {
		t.Skip("helper process only")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Args = append([]string{"gonote"}, args...)
	main()
	os.Exit(0)
}

// gonoteCommand returns a command running "gonote args..." in a child
// process: the test binary, re-executed as TestExecHelper.
func gonoteCommand(t *testing.T, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestExecHelper$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "GONOTE_EXEC_HELPER=1")
	return cmd
}

// TestExecLessons executes every English lesson with --out, each in its own
// process, and validates the notebooks written. Cell failures are logged,
// not fatal: the lessons' own tests check their cells; this checks the files
// exec writes.
func TestExecLessons(t *testing.T) {
	s, err := notebooks.Open(t.TempDir(), notebooks.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var outs []string
	for _, e := range list {
		if e.Kind != notebooks.KindLesson || e.Lang != "en" {
			continue
		}
		nb, _, err := s.Get(context.Background(), e.Path)
		if err != nil {
			t.Fatal(err)
		}
		md, err := notebooks.EncodeMarkdown(nb)
		if err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(dir, e.Name)
		if err := os.WriteFile(in, md, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, strings.TrimSuffix(e.Name, ".md")+".ipynb")
		cmd := gonoteCommand(t, "exec", "--keep-going", "--cell-timeout", "20s", "--out", out, in)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err = cmd.Run()
		var exit *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &exit) && exit.ExitCode() == 1:
			t.Logf("%s: some cells failed:\n%s", e.Path, stderr.String())
		default:
			t.Errorf("exec %s: %v\n%s", e.Path, err, stderr.String())
			continue
		}
		if _, err := os.Stat(out); err != nil {
			t.Errorf("exec %s wrote no --out file: %v", e.Path, err)
			continue
		}
		outs = append(outs, out)
	}
	if len(outs) == 0 {
		t.Fatal("no lessons executed")
	}
	if err := nbtest.CheckFilesCanonical(outs...); err != nil {
		t.Error(err)
	}
	t.Logf("executed and validated %d lessons", len(outs))
}

// TestExecTiming checks the timing exec records against a real kernel: a
// line printed after a 100 ms sleep is stamped at 100 ms or later, offsets
// increase, and the cell's wall time covers the sleep.
func TestExecTiming(t *testing.T) {
	md := writeFile(t, "sleep.md", "```go\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n```\n\n```go\nfmt.Println(\"before\")\ntime.Sleep(100 * time.Millisecond)\nfmt.Println(\"after\")\n```\n")
	out := filepath.Join(t.TempDir(), "sleep.ipynb")
	if stdout, stderr, err := execFile(t, "--out", out, md); err != nil || stdout != "before\nafter\n" {
		t.Fatalf("exec = %q, %v; stderr %s", stdout, err, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := notebooks.DecodeIPYNB(data, notebooks.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tm, ok := nb.Cells[1].Timing()
	if !ok || len(tm.Chunks) < 2 {
		t.Fatalf("timing = %+v, %v; want at least two chunks", tm, ok)
	}
	last := tm.Chunks[len(tm.Chunks)-1]
	if last.Offset < 100*time.Millisecond {
		t.Errorf("the line after the sleep is stamped %v, want >= 100ms", last.Offset)
	}
	for i := 1; i < len(tm.Chunks); i++ {
		if tm.Chunks[i].Offset < tm.Chunks[i-1].Offset {
			t.Errorf("chunk offsets decrease: %v then %v", tm.Chunks[i-1].Offset, tm.Chunks[i].Offset)
		}
	}
	if tm.Duration < 100*time.Millisecond || tm.End.Sub(tm.Start) < 100*time.Millisecond {
		t.Errorf("cell took %v (wall %v), want >= 100ms", tm.Duration, tm.End.Sub(tm.Start))
	}
	nbtest.ValidateCanonical(t, data)
}
