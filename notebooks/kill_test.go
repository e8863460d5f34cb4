package notebooks

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gonote/notebooks/nbtest"
)

// killNotebook returns one of the two notebooks the kill test saves, big
// enough that a kill often lands in the middle of writing it.
func killNotebook(which string) *Notebook {
	nb := New()
	for i := range 60 {
		src := fmt.Sprintf("// version %s, cell %d\n%s", which, i, strings.Repeat("x := 1 // filler\n", 60))
		nb.Cells = append(nb.Cells, &Cell{Type: Code, Source: src})
	}
	return nb
}

// TestKillSaverHelper is not a test: it is the child of TestSaveSurvivesKill,
// saving the two versions of a notebook in turn until it is killed, and
// printing a line after each save.
func TestKillSaverHelper(t *testing.T) {
	dir := os.Getenv("GONOTE_KILL_TEST_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	s, err := Open(dir, Options{Lessons: testLessons})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	a, b := killNotebook("A"), killNotebook("B")
	for i := 0; ; i++ {
		nb := a
		if i%2 == 1 {
			nb = b
		}
		if _, err := s.Save(context.Background(), "nb.ipynb", nb, ""); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("saved", i)
	}
}

// TestSaveSurvivesKill kills a process that saves a notebook in a loop with
// SIGKILL at random moments, 200 times; after each kill the file must be
// exactly the old or the new version.
func TestSaveSurvivesKill(t *testing.T) {
	const kills = 200
	dir := t.TempDir()
	s, err := Open(dir, Options{Lessons: testLessons})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, _ := EncodeIPYNB(killNotebook("A"))
	b, _ := EncodeIPYNB(killNotebook("B"))
	if _, err := s.Save(context.Background(), "nb.ipynb", killNotebook("B"), ""); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	seen := map[string]int{}
	start := time.Now()
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillSaverHelper$")
		cmd.Env = append(os.Environ(), "GONOTE_KILL_TEST_DIR="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for 1 or 2 completed saves, then a random jitter of up
		// to 3 ms, so the kill lands anywhere in a save: writing the
		// temporary file, syncing it, renaming or syncing the folder.
		lines := bufio.NewScanner(out)
		for n := rng.IntN(2); n >= 0; n-- {
			if !lines.Scan() {
				break
			}
			if l := lines.Text(); strings.HasPrefix(l, "error") {
				t.Fatalf("saver: %s", l)
			}
		}
		time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		data, err := os.ReadFile(filepath.Join(dir, "nb.ipynb"))
		if err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
		switch {
		case bytes.Equal(data, a):
			seen["A"]++
		case bytes.Equal(data, b):
			seen["B"]++
		default:
			_, derr := DecodeIPYNB(data, Limits{})
			t.Fatalf("kill %d: file is neither version (%d bytes, decode: %v)", i, len(data), derr)
		}
	}
	if seen["A"] == 0 || seen["B"] == 0 {
		t.Errorf("versions seen after kills = %v; want both, or the kills did not interrupt saving", seen)
	}
	entries, _ := os.ReadDir(dir)
	t.Logf("%d kills in %v: file was version A %d times, B %d times; %d files in the folder (stray temporary files from killed saves)",
		kills, time.Since(start).Round(time.Millisecond), seen["A"], seen["B"], len(entries))
	list, err := s.List(context.Background())
	if err != nil || len(list) == 0 || list[0].Path != "nb.ipynb" || list[0].Kind != KindNotebook {
		t.Errorf("List after kills = %v, %v", list, err)
	}
	nbtest.ValidateCanonical(t, a, b)
}
