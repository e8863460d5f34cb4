package rt

import (
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestGoRecovers checks that a panic in a goroutine started by Go is
// recovered, reported with its place, unwrapped from a reflect.Value, and
// that the running count goes back to zero.
func TestGoRecovers(t *testing.T) {
	tests := []struct {
		name  string
		value any
		want  any
	}{
		{"plain value", "boom", "boom"},
		{"value wrapped by the interpreter", reflect.ValueOf(42), 42},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			panics := make(chan *Panic, 1)
			exits := make(chan int, 1)
			r := New(Hooks{
				Current: func() int { return 9 },
				Panic:   func(p *Panic) { panics <- p },
				Exit:    func(cell int) { exits <- cell },
			})
			release := make(chan struct{})
			r.Go(3, 4, 5, func() {
				<-release
				panic(tt.value)
			})
			if got := r.Running(9); got != 1 {
				t.Errorf("Running(9) = %d while the goroutine runs, want 1", got)
			}
			close(release)
			select {
			case p := <-panics:
				if p.Value != tt.want || p.Cell != 9 || p.Source != 3 || p.Line != 4 || p.Col != 5 {
					t.Errorf("Panic = %+v, want value %v, cell 9, source 3, 4:5", p, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no panic reported within 10s")
			}
			select {
			case cell := <-exits:
				if cell != 9 {
					t.Errorf("Exit(%d), want Exit(9)", cell)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no exit reported within 10s")
			}
			if got := r.RunningAll(); got != 0 {
				t.Errorf("RunningAll() = %d after the goroutine ended, want 0", got)
			}
		})
	}
}

// TestSymbols checks the export table's key and contents.
func TestSymbols(t *testing.T) {
	syms := New(Hooks{}).Symbols()
	if _, ok := syms["gonote/rt/rt"]["Go"]; !ok || len(syms) != 1 {
		t.Errorf("Symbols() = %v, want gonote/rt/rt with Go", syms)
	}
}

// TestSiteLabel checks that a goroutine carries its site as a label that
// stack dumps show, and that the label parses back.
func TestSiteLabel(t *testing.T) {
	t.Setenv("GODEBUG", "tracebacklabels=1")
	r := New(Hooks{Current: func() int { return 9 }})
	ready := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	r.Go(3, 4, 5, func() {
		close(ready)
		<-release
	})
	<-ready
	buf := make([]byte, 1<<20)
	dump := string(buf[:runtime.Stack(buf, true)])
	want := `labels:{"gonote.go": "9:3:4:5"}]:`
	if !strings.Contains(dump, want) {
		t.Errorf("no goroutine header in the dump ends with %s:\n%s", want, dump)
	}
	if got, ok := ParseSite("9:3:4:5"); !ok || got != (Site{Cell: 9, Source: 3, Line: 4, Col: 5}) {
		t.Errorf("ParseSite(%q) = %+v, %v, want cell 9, source 3, 4:5", "9:3:4:5", got, ok)
	}
}

func TestParseSite(t *testing.T) {
	tests := []struct {
		in   string
		want Site
		ok   bool
	}{
		{"1:1:2:3", Site{Cell: 1, Source: 1, Line: 2, Col: 3}, true},
		{(Site{Cell: 12, Source: 7, Line: 40, Col: 9}).String(), Site{Cell: 12, Source: 7, Line: 40, Col: 9}, true},
		{"1:2:3", Site{}, false},
		{"a:1:2:3", Site{}, false},
		{"", Site{}, false},
	}
	for _, tt := range tests {
		if got, ok := ParseSite(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParseSite(%q) = %+v, %v, want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// BenchmarkGo measures starting a goroutine through Go and waiting for it:
// counting it, remembering its site and forgetting both.
func BenchmarkGo(b *testing.B) {
	r := New(Hooks{})
	var wg sync.WaitGroup
	for b.Loop() {
		wg.Add(1)
		r.Go(1, 2, 3, wg.Done)
	}
	wg.Wait()
}
