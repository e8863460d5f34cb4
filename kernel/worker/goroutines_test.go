package worker

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gonote/kernel/rt"
)

// TestParseStacks parses a real dump of goroutines in known states.
func TestParseStacks(t *testing.T) {
	ch := make(chan int)
	var mu sync.Mutex
	mu.Lock()
	var wg sync.WaitGroup
	wg.Add(2)
	ready := make(chan struct{}, 2)
	go func() { defer wg.Done(); ready <- struct{}{}; <-ch }()
	go func() { defer wg.Done(); ready <- struct{}{}; mu.Lock(); mu.Unlock() }()
	<-ready
	<-ready
	defer func() { close(ch); mu.Unlock(); wg.Wait() }()

	// Wait, with a deadline, until the runtime shows both as blocked.
	deadline := time.Now().Add(10 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		gs := parseStacks(buf[:runtime.Stack(buf, true)])
		states := map[string]bool{}
		for _, g := range gs {
			for _, f := range g.funcs {
				if f == "gonote/kernel/worker.TestParseStacks.func1" || f == "gonote/kernel/worker.TestParseStacks.func2" {
					states[g.state] = true
				}
			}
		}
		if states["chan receive"] && states["sync.Mutex.Lock"] {
			if gs[0].state != "running" {
				t.Errorf("first goroutine %+v, want the running caller", gs[0])
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("states of the test goroutines = %v, want chan receive and sync.Mutex.Lock", states)
		}
		runtime.Gosched()
	}
}

func TestParseStacksHeader(t *testing.T) {
	dump := "goroutine 7 [chan receive, 3 minutes]:\n" +
		"github.com/traefik/yaegi/interp.recv.func3(0xc000)\n\t/x/run.go:3542 +0x1\n" +
		"created by github.com/traefik/yaegi/interp.callBin.func12 in goroutine 6\n\t/x/run.go:1 +0x2\n\n" +
		"goroutine 9 [sleep]:\ntime.Sleep(0x1)\n\t/x/time.go:1 +0x1\n\n" +
		"goroutine 11 [select, 2 minutes labels:{\"a\": \"b, c\", \"gonote.go\": \"5:3:4:2\"}]:\nreflect.Select(0x1)\n\t/x/v.go:1 +0x1\n"
	got := parseStacks([]byte(dump))
	want := []goroutine{
		{id: 7, state: "chan receive", funcs: []string{"github.com/traefik/yaegi/interp.recv.func3"}, origin: "github.com/traefik/yaegi/interp.callBin.func12"},
		{id: 9, state: "sleep", funcs: []string{"time.Sleep"}},
		{id: 11, state: "select", funcs: []string{"reflect.Select"}, label: "5:3:4:2"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(goroutine{})); diff != "" {
		t.Errorf("parseStacks mismatch (-want +got):\n%s", diff)
	}
}

// TestParseStacksLabels parses a real dump, with labels turned on as the
// worker turns them on, of a goroutine started through package rt.
func TestParseStacksLabels(t *testing.T) {
	t.Setenv("GODEBUG", "")
	if err := traceLabels(); err != nil {
		t.Fatal(err)
	}
	r := rt.New(rt.Hooks{Current: func() int { return 6 }})
	ready := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	r.Go(4, 3, 2, func() { close(ready); <-release })
	<-ready
	want := rt.Site{Cell: 6, Source: 4, Line: 3, Col: 2}
	deadline := time.Now().Add(10 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		for _, g := range parseStacks(buf[:runtime.Stack(buf, true)]) {
			if g.state != "chan receive" || g.origin != rtGo {
				continue
			}
			// It runs no interpreted code, so started() would not
			// trust its label: read the label itself.
			if got, ok := rt.ParseSite(g.label); !ok || got != want {
				t.Errorf("label of %+v parses to %+v, %v; want %+v", g, got, ok, want)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the goroutine was not seen blocked within 10s")
		}
		runtime.Gosched()
	}
}

func TestDoing(t *testing.T) {
	const yi = "github.com/traefik/yaegi/interp."
	tests := []struct {
		name string
		g    goroutine
		want string
	}{
		{"yaegi receive", goroutine{state: "select", funcs: []string{"reflect.Select", yi + "recv.func3"}}, "blocked on chan receive"},
		{"yaegi range over channel", goroutine{state: "select", funcs: []string{"reflect.Select", yi + "rangeChan.func1"}}, "blocked on chan receive"},
		{"yaegi send", goroutine{state: "select", funcs: []string{"reflect.Select", yi + "send.func2"}}, "blocked on chan send"},
		{"yaegi select", goroutine{state: "select", funcs: []string{"reflect.Select", yi + "_select.func1"}}, "blocked in select"},
		{"native receive", goroutine{state: "chan receive", funcs: []string{"main.f"}}, "blocked on chan receive"},
		{"nil channel", goroutine{state: "chan send (nil chan)"}, "blocked on chan send"},
		{"sleep", goroutine{state: "sleep"}, "sleeping"},
		{"busy", goroutine{state: "runnable"}, "running"},
		{"mutex", goroutine{state: "sync.Mutex.Lock"}, "blocked on a mutex"},
		{"waitgroup", goroutine{state: "sync.WaitGroup.Wait"}, "waiting on a WaitGroup"},
		{"unknown", goroutine{state: "GC assist wait"}, "GC assist wait"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.g.doing(); got != tt.want {
				t.Errorf("doing(%+v) = %q, want %q", tt.g, got, tt.want)
			}
		})
	}
}

// rtRun is the function in which every goroutine of a cell's go statements
// runs, below the cell's code.
const rtRun = "gonote/kernel/rt.(*Runtime).run"

// cellGoroutine is a goroutine of a go statement, started at site.
func cellGoroutine(id int, state, site string) goroutine {
	return goroutine{id: id, state: state, origin: rtGo, label: site,
		funcs: []string{"reflect.Select", "github.com/traefik/yaegi/interp.recv.func3", rtRun}}
}

func TestDescribe(t *testing.T) {
	const yi = "github.com/traefik/yaegi/interp."
	// Cell 5 runs; its lines 4 and 7 and line 2 of cell 3 hold go
	// statements.
	recv4 := cellGoroutine(1, "chan receive", "5:5:4:2")
	recv7 := cellGoroutine(2, "chan receive", "5:5:7:1")
	recv3 := cellGoroutine(3, "chan receive", "5:3:2:3")
	sleep7 := cellGoroutine(4, "sleep", "5:5:7:1")
	unlabelled := cellGoroutine(5, "chan receive", "")
	notYetRun := goroutine{id: 6, state: "runnable", origin: rtGo, label: "5:5:4:2", funcs: []string{rtRun}}
	notYetInCode := goroutine{id: 7, state: "runnable", origin: rtGo, label: "5:5:4:2", funcs: []string{"runtime.racefuncenter", rtRun}}
	main := goroutine{id: 9, state: "sleep", funcs: []string{"time.Sleep", yi + "(*Interpreter).Execute"}}
	tests := []struct {
		name string
		gs   []goroutine
		want string
	}{
		{"none", nil, ""},
		{"one", []goroutine{sleep7}, "1 goroutine started by this cell is still running: 1 sleeping (started at line 7)"},
		{"mixed, most first", []goroutine{sleep7, recv4, recv4},
			"3 goroutines started by this cell are still running: 2 blocked on chan receive (started at line 4), 1 sleeping (started at line 7)"},
		{"same state, three places", []goroutine{recv7, recv4, recv3, recv4},
			"4 goroutines started by this cell are still running: 2 blocked on chan receive (started at line 4), " +
				"1 blocked on chan receive (started at cell 3, line 2), 1 blocked on chan receive (started at line 7)"},
		{"place unknown", []goroutine{unlabelled, recv4},
			"2 goroutines started by this cell are still running: 1 blocked on chan receive, 1 blocked on chan receive (started at line 4)"},
		{"not yet run: its label is its parent's", []goroutine{notYetRun}, "1 goroutine started by this cell is still running: 1 running"},
		{"not yet in the cell's code", []goroutine{notYetInCode}, "1 goroutine started by this cell is still running: 1 running"},
		{"the cell's own code", []goroutine{main}, "1 goroutine started by this cell is still running: 1 sleeping (the cell itself)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newGoroutines().describe(tt.gs, 5); got != tt.want {
				t.Errorf("describe(%v, 5) =\n%q, want\n%q", tt.gs, got, tt.want)
			}
		})
	}
}

func TestKind(t *testing.T) {
	const yi = "github.com/traefik/yaegi/interp."
	tests := []struct {
		name  string
		funcs []string
		want  int
	}{
		{"cell goroutine", []string{"reflect.Select", yi + "recv.func3", yi + "runCfg"}, kindSession},
		{"runner waiting in EvalWithContext", []string{yi + "(*Interpreter).EvalWithContext", "gonote/kernel/worker.(*worker).run"}, kindSystem},
		{"engine pipe reader", []string{"os.(*File).Read", "gonote/kernel/engine.(*router).read"}, kindSystem},
		{"signal loop", []string{"os/signal.signal_recv", "os/signal.loop"}, kindSystem},
		{"cell run by a serve loop", []string{"reflect.Select", yi + "runCfg", yi + "(*Interpreter).Execute", "gonote/kernel/engine.(*Session).executeInline", "gonote/kernel/worker.(*worker).run", "gonote/kernel/worker.(*worker).serve"}, kindSession},
		{"library goroutine", []string{"net/http.(*conn).serve"}, kindNative},
		{"cell goroutine not yet running", []string{rtRun}, kindSession},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := goroutine{funcs: tt.funcs}
			if len(tt.funcs) == 1 && tt.funcs[0] == rtRun {
				g.origin = rtGo
			}
			if got := g.kind(); got != tt.want {
				t.Errorf("kind(%v) = %d, want %d", tt.funcs, got, tt.want)
			}
		})
	}
}

func TestDeadlocked(t *testing.T) {
	const yi = "github.com/traefik/yaegi/interp."
	blockedCell := cellGoroutine(5, "select", "9:9:3:2")
	sleepingCell := goroutine{id: 6, state: "sleep", funcs: []string{"time.Sleep", yi + "callBin"}}
	busyLibrary := goroutine{id: 7, state: "IO wait", funcs: []string{"net/http.(*conn).serve"}}
	system := goroutine{id: 1, state: "IO wait", funcs: []string{"gonote/kernel/worker.(*worker).pump"}}
	mainFlow := goroutine{id: 12, state: "select", funcs: []string{yi + "_select.func4", yi + "(*Interpreter).Execute"}}
	earlier := cellGoroutine(8, "select", "2:2:1:1")
	earlier.funcs[1] = yi + "send.func2"
	during := cellGoroutine(10, "select", "3:2:4:5")
	unknown := cellGoroutine(11, "select", "")
	tests := []struct {
		name       string
		gs         []goroutine
		want       []int
		wantReport []string
	}{
		{"all blocked, the cell's own code first", []goroutine{system, blockedCell, mainFlow}, []int{12, 5}, []string{
			"goroutine 12 [select]: the cell itself, blocked in select",
			"goroutine 5 [select]: started at line 3:2, blocked on chan receive",
		}},
		{"started in earlier cells", []goroutine{earlier, during, unknown}, []int{8, 10, 11}, []string{
			"goroutine 8 [select]: started at cell 2, line 1:1, blocked on chan send",
			"goroutine 10 [select]: started during cell 3 at cell 2, line 4:5, blocked on chan receive",
			"goroutine 11 [select]: started by the running cell, blocked on chan receive",
		}},
		{"one asleep", []goroutine{system, blockedCell, sleepingCell}, nil, nil},
		{"a library goroutine may wake it", []goroutine{blockedCell, busyLibrary}, nil, nil},
		{"no cell goroutines", []goroutine{system}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, report := newGoroutines().deadlocked(tt.gs, 9)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("deadlocked ids mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantReport, report); diff != "" {
				t.Errorf("deadlocked report mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBytesString(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{1 << 30, "1 GiB"}, {2 << 20, "2 MiB"}, {64 << 10, "64 KiB"}, {1536 << 20, "1536 MiB"}, {3<<29 + 1, "1.5 GiB"}, {100, "100 bytes"},
	}
	for _, tt := range tests {
		if got := bytesString(tt.in); got != tt.want {
			t.Errorf("bytesString(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPartialSuffix(t *testing.T) {
	marker := []byte("\x00mark-")
	tests := []struct {
		data string
		want int
	}{
		{"hello", 0},
		{"hello\x00", 1},
		{"hello\x00mar", 4},
		{"\x00mark", 5},
		{"", 0},
	}
	for _, tt := range tests {
		if got := partialSuffix([]byte(tt.data), marker); got != tt.want {
			t.Errorf("partialSuffix(%q) = %d, want %d", tt.data, got, tt.want)
		}
	}
}
