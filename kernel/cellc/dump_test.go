package cellc

import (
	"os"
	"testing"
)

// TestDump prints the compiled form of the file named by GONOTE_DUMP; it
// is a tool for working on the compiler, skipped otherwise.
func TestDump(t *testing.T) {
	file := os.Getenv("GONOTE_DUMP")
	if file == "" {
		t.Skip("set GONOTE_DUMP to a .go file")
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	u, err := NewSession().Compile(string(src), 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("entry %s added %v removed %v\n%s", u.Entry, u.ImportsAdded, u.ImportsRemoved, u.Source)
}
