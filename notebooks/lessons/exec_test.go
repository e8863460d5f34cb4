package lessons_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// gonoteBinary returns the gonote command to test: $GONOTE_BIN when set,
// else a fresh build of the module into a temporary folder.
func gonoteBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("GONOTE_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "gonote")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build gonote: %v\n%s", err, out)
	}
	return bin
}

// TestExec runs "gonote exec" on every lesson file, as a reader would from
// the command line, and wants exit status 0: every cell ran without error.
func TestExec(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gonote and runs every lesson; skipped with -short")
	}
	bin := gonoteBinary(t)
	for _, l := range lessonFiles(t) {
		t.Run(l.name(), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var stdout, stderr bytes.Buffer
			cmd := exec.CommandContext(ctx, bin, "exec", l.path)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Errorf("gonote exec %s: %v\nstderr:\n%s", l.path, err, stderr.Bytes())
			}
			if stdout.Len() == 0 {
				t.Errorf("gonote exec %s printed nothing on stdout", l.path)
			}
		})
	}
}
