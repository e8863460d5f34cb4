package engine

import (
	"testing"

	"gonote/kernel"
)

// TestVetWarnings checks that go vet's findings about a cell reach its
// stderr before anything the cell writes, and that the cell runs all the
// same, its stdout untouched.
func TestVetWarnings(t *testing.T) {
	tests := []struct {
		name, code     string
		stdout, stderr string
		status         kernel.Status
	}{
		{
			name:   "printf",
			code:   "n := 3\nfmt.Println(\"n = %d\", n)\nfmt.Fprintln(os.Stderr, \"done\")",
			stdout: "n = %d 3\n",
			stderr: "vet: line 2:1: fmt.Println call has possible Printf formatting directive %d\ndone\n",
			status: kernel.StatusOK,
		},
		{
			name:   "declarations only",
			code:   "func worker(wg sync.WaitGroup) {\n\tdefer wg.Done()\n}",
			stderr: "vet: line 1:16: worker passes lock by value: sync.WaitGroup contains sync.noCopy\n",
			status: kernel.StatusOK,
		},
		{
			name:   "two findings, then a panic",
			code:   "mu := sync.Mutex{}\nother := mu\nfmt.Printf(\"%d\\n\", \"x\")\nother.Lock()\npanic(\"stop\")",
			stdout: "%!d(string=x)\n",
			stderr: "vet: line 2:10: assignment copies lock value to other: sync.Mutex\n" +
				"vet: line 3:13: fmt.Printf format %d has arg \"x\" of wrong type string\n",
			status: kernel.StatusError,
		},
		{
			name:   "clean",
			code:   "fmt.Printf(\"%d\\n\", 7)",
			stdout: "7\n",
			status: kernel.StatusOK,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newSession(t)
			res, c := run(t, s, tc.code)
			if res.Status != tc.status {
				t.Fatalf("Execute(%q) status %q (error %+v), want %q", tc.code, res.Status, res.Error, tc.status)
			}
			if got := c.text(kernel.Stdout); got != tc.stdout {
				t.Errorf("Execute(%q) stdout %q, want %q", tc.code, got, tc.stdout)
			}
			if got := c.text(kernel.Stderr); got != tc.stderr {
				t.Errorf("Execute(%q) stderr %q, want %q", tc.code, got, tc.stderr)
			}
			if tc.stderr != "" && (len(c.chunks) == 0 || c.chunks[0].Stream != kernel.Stderr) {
				t.Errorf("Execute(%q): first chunk %+v, want the vet warnings", tc.code, c.chunks)
			}
		})
	}
}
