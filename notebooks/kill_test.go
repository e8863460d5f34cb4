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
	"sync"
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
	first := 0
	if os.Getenv("GONOTE_KILL_TEST_FIRST") == "B" {
		first = 1
	}
	for i := first; ; i++ {
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
// SIGKILL at random moments, 200 times (four folders, one saver each at a
// time, to keep the wall time down); after each kill the file must be
// exactly the old or the new version.
func TestSaveSurvivesKill(t *testing.T) {
	const kills, lanes = 200, 4
	a, _ := EncodeIPYNB(killNotebook("A"))
	b, _ := EncodeIPYNB(killNotebook("B"))
	var (
		mu   sync.Mutex
		seen = map[string]int{}
		wg   sync.WaitGroup
	)
	start := time.Now()
	for lane := range lanes {
		dir := t.TempDir()
		s, err := Open(dir, Options{Lessons: testLessons})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.Save(context.Background(), "nb.ipynb", killNotebook("B"), ""); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(lane)))
			for i := range kills / lanes {
				v, err := killOnce(dir, rng, a, b)
				if err != nil {
					t.Errorf("lane %d, kill %d: %v", lane, i, err)
					return
				}
				mu.Lock()
				seen[v]++
				mu.Unlock()
			}
			list, err := s.List(context.Background())
			if err != nil || len(list) == 0 || list[0].Path != "nb.ipynb" || list[0].Kind != KindNotebook {
				t.Errorf("List after kills = %v, %v", list, err)
			}
		}()
	}
	wg.Wait()
	if seen["A"] == 0 || seen["B"] == 0 {
		t.Errorf("versions seen after kills = %v; want both, or the kills did not interrupt saving", seen)
	}
	t.Logf("%d kills in %v: file was version A %d times, B %d times",
		seen["A"]+seen["B"], time.Since(start).Round(time.Millisecond), seen["A"], seen["B"])
	nbtest.ValidateCanonical(t, a, b)
}

// killOnce starts a saver on dir, kills it at a random moment and says
// which version the file holds afterwards.
func killOnce(dir string, rng *rand.Rand, a, b []byte) (string, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillSaverHelper$")
	first := []string{"A", "B"}[rng.IntN(2)]
	cmd.Env = append(os.Environ(), "GONOTE_KILL_TEST_DIR="+dir, "GONOTE_KILL_TEST_FIRST="+first)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	// Wait for the first completed save (of a version picked at random),
	// then a random jitter of up to 5 ms, so the kill lands anywhere in a
	// later save: writing the temporary file, syncing it, renaming or
	// syncing the folder.
	lines := bufio.NewScanner(out)
	if lines.Scan() && strings.HasPrefix(lines.Text(), "error") {
		cmd.Process.Kill()
		cmd.Wait()
		return "", fmt.Errorf("saver: %s", lines.Text())
	}
	time.Sleep(time.Duration(rng.IntN(5000)) * time.Microsecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	data, err := os.ReadFile(filepath.Join(dir, "nb.ipynb"))
	switch {
	case err != nil:
		return "", err
	case bytes.Equal(data, a):
		return "A", nil
	case bytes.Equal(data, b):
		return "B", nil
	}
	_, derr := DecodeIPYNB(data, Limits{})
	return "", fmt.Errorf("file is neither version (%d bytes, decode: %v)", len(data), derr)
}
