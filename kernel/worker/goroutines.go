package worker

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonote/internal/cpuload"
	"gonote/kernel/rt"
	celltime "gonote/kernel/worker/time"
)

// goroutine is one entry of a runtime stack dump.
type goroutine struct {
	id     int
	state  string   // the wait reason, without its duration: "chan receive"
	funcs  []string // the functions on its stack, innermost first
	origin string   // "created by" function, if any
	label  string   // the value of its rt.LabelKey label, if the dump shows one
}

// Kinds of goroutine, as far as the worker is concerned.
const (
	kindSession = iota // runs interpreted code: the cells' own goroutines
	kindSystem         // the worker's, the engine's or the runtime's machinery
	kindNative         // started by library code on a cell's behalf
)

const interpPrefix = "github.com/traefik/yaegi/interp."

// rtGo is the function that starts every goroutine of a cell's go
// statements; a dump names it as their creator even before they ran.
const rtGo = "gonote/kernel/rt.(*Runtime).Go"

func (g *goroutine) kind() int {
	if g.mainFlow() {
		return kindSession // on whichever goroutine runs it, a serve loop's say
	}
	interp := false
	for _, f := range g.funcs {
		if strings.HasPrefix(f, "gonote/kernel/worker.") || strings.HasPrefix(f, "os/signal.") {
			return kindSystem
		}
		if strings.HasPrefix(f, interpPrefix) {
			interp = true
		}
	}
	if interp || g.origin == rtGo {
		return kindSession
	}
	for _, f := range g.funcs {
		if strings.HasPrefix(f, "gonote/kernel/") {
			return kindSystem
		}
	}
	return kindNative
}

// blocked reports whether g waits for something only another goroutine
// can give it: a channel, a select, a lock. Sleeping, running and system
// calls are not blocked.
func (g *goroutine) blocked() bool {
	if g.asleep() {
		return false
	}
	switch g.state {
	case "chan receive", "chan send", "chan receive (nil chan)", "chan send (nil chan)",
		"select", "select (no cases)", "semacquire", "sync.Mutex.Lock",
		"sync.RWMutex.Lock", "sync.RWMutex.RLock", "sync.WaitGroup.Wait", "sync.Cond.Wait":
		return true
	}
	return false
}

// engineSleep is the engine's time.Sleep, which waits in a select so that
// a stop can end it.
const engineSleep = "gonote/kernel/engine.(*Session).sleep"

// asleep reports whether g is in time.Sleep, Go's or the engine's.
func (g *goroutine) asleep() bool {
	return g.state == "sleep" || slices.Contains(g.funcs, engineSleep)
}

// outside reports whether g is a goroutine of a cell's go statement that
// is not in the cell's code: it has not yet got there, or has left it and
// is about to end.
func (g *goroutine) outside() bool {
	if g.origin != rtGo {
		return false
	}
	for _, f := range g.funcs {
		if strings.HasPrefix(f, interpPrefix) {
			return false
		}
	}
	return true
}

// started returns where g was started, when it is a goroutine of a cell's
// go statement that carries its label. Until package rt has set the
// label, which it does before it runs the cell's code, a goroutine has
// that of the goroutine that started it, so the label of one outside the
// cell's code is not used.
func (g *goroutine) started() (rt.Site, bool) {
	if g.origin != rtGo || g.label == "" || g.outside() {
		return rt.Site{}, false
	}
	return rt.ParseSite(g.label)
}

// mainFlow reports whether g is a cell's own evaluation rather than a
// goroutine one of its go statements started.
func (g *goroutine) mainFlow() bool {
	return slices.Contains(g.funcs, interpPrefix+"(*Interpreter).Execute")
}

// settled reports whether g waits (blocked, asleep, in a system call)
// rather than runs or is about to.
func (g *goroutine) settled() bool {
	switch g.state {
	case "running", "runnable", "preempted":
		return false
	}
	return true
}

// doing says in a few words what g is doing, for people: "blocked on
// chan receive", "sleeping". yaegi turns every blocking channel operation
// into a select, so the interpreter's frame says which operation it was.
func (g *goroutine) doing() string {
	if g.asleep() {
		return "sleeping"
	}
	switch g.state {
	case "select", "chan receive", "chan send", "chan receive (nil chan)", "chan send (nil chan)", "select (no cases)":
		for _, f := range g.funcs {
			if !strings.HasPrefix(f, interpPrefix) {
				continue
			}
			op := strings.TrimPrefix(f, interpPrefix)
			switch {
			case strings.HasPrefix(op, "recv"), strings.HasPrefix(op, "rangeChan"):
				return "blocked on chan receive"
			case strings.HasPrefix(op, "send"):
				return "blocked on chan send"
			case strings.HasPrefix(op, "_select"):
				return "blocked in select"
			}
		}
		if strings.HasPrefix(g.state, "chan ") {
			return "blocked on " + strings.TrimSuffix(strings.TrimSuffix(g.state, " (nil chan)"), " ")
		}
		return "blocked in select"
	case "sleep":
		return "sleeping"
	case "running", "runnable", "preempted":
		return "running"
	case "semacquire", "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock":
		return "blocked on a mutex"
	case "sync.WaitGroup.Wait":
		return "waiting on a WaitGroup"
	case "sync.Cond.Wait":
		return "waiting on a sync.Cond"
	case "IO wait", "syscall":
		return "waiting for I/O"
	}
	return g.state
}

// parseStacks parses the output of runtime.Stack(buf, true).
func parseStacks(dump []byte) []goroutine {
	var gs []goroutine
	for _, block := range bytes.Split(dump, []byte("\n\n")) {
		lines := strings.Split(strings.TrimSpace(string(block)), "\n")
		if len(lines) == 0 || !strings.HasPrefix(lines[0], "goroutine ") {
			continue
		}
		head := strings.TrimPrefix(lines[0], "goroutine ")
		sp := strings.IndexByte(head, ' ')
		if sp < 0 {
			continue
		}
		id, err := strconv.Atoi(head[:sp])
		if err != nil {
			continue
		}
		state := head[sp+1:]
		state = strings.TrimSuffix(strings.TrimPrefix(state, "["), "]:")
		var labels string
		if i := strings.Index(state, " labels:{"); i >= 0 {
			state, labels = state[:i], state[i:]
		}
		if i := strings.IndexByte(state, ','); i >= 0 {
			state = state[:i] // drop ", 2 minutes", ", locked to thread"
		}
		g := goroutine{id: id, state: state, label: labelValue(labels, rt.LabelKey)}
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "\t") || l == "" {
				continue
			}
			if rest, ok := strings.CutPrefix(l, "created by "); ok {
				if i := strings.Index(rest, " in goroutine "); i >= 0 {
					rest = rest[:i]
				}
				g.origin = rest
				continue
			}
			if i := strings.LastIndexByte(l, '('); i > 0 {
				l = l[:i]
			}
			g.funcs = append(g.funcs, l)
		}
		gs = append(gs, g)
	}
	return gs
}

// labelValue returns the value of key in the labels of a goroutine header
// (` labels:{"k": "v", …}`, as the runtime quotes them), or "".
func labelValue(labels, key string) string {
	_, rest, ok := strings.Cut(labels, strconv.Quote(key)+": ")
	if !ok {
		return ""
	}
	v, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return ""
	}
	v, _ = strconv.Unquote(v)
	return v
}

// traceLabels makes the runtime print goroutine labels in stack dumps
// (GODEBUG=tracebacklabels=1, new in Go 1.26), so that each goroutine of
// a cell's go statements shows its rt.Site. The runtime reads GODEBUG
// again whenever it is set; the setting added last wins.
func traceLabels() error {
	v := os.Getenv("GODEBUG")
	if v != "" {
		v += ","
	}
	return os.Setenv("GODEBUG", v+"tracebacklabels=1")
}

// goroutines takes and interprets stack dumps of the worker's goroutines,
// and remembers which cell started each goroutine of the session.
type goroutines struct {
	mu    sync.Mutex
	buf   []byte
	owner map[int]int // goroutine id → execution count of the cell that started it
	// known holds the session's goroutine ids as last seen, when the
	// process had count goroutines; a cell that starts with the same
	// count reuses it instead of taking a stack dump.
	known map[int]bool
	count int
}

func newGoroutines() *goroutines { return &goroutines{owner: map[int]int{}} }

// maxDump bounds a stack dump. A session with more goroutines than fit is
// never reported as deadlocked, and its goroutines are counted, not described.
const maxDump = 8 << 20

// snapshot returns the goroutines of the process, and whether the dump
// was complete.
func (s *goroutines) snapshot() ([]goroutine, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.buf == nil {
		s.buf = make([]byte, 256<<10)
	}
	for {
		n := runtime.Stack(s.buf, true)
		if n < len(s.buf) {
			return parseStacks(s.buf[:n]), true
		}
		if len(s.buf) >= maxDump {
			return parseStacks(s.buf[:n]), false
		}
		s.buf = make([]byte, 2*len(s.buf))
	}
}

// sessionIDs returns the ids of the session's goroutines in gs.
func sessionIDs(gs []goroutine) map[int]bool {
	ids := map[int]bool{}
	for _, g := range gs {
		if g.kind() == kindSession {
			ids[g.id] = true
		}
	}
	return ids
}

// begin returns the session's goroutine ids as a cell starts, and how
// many goroutines the process has. A trivial cell thus costs no stack
// dump: the set known from the previous cell's end is reused while the
// number of goroutines is unchanged.
func (s *goroutines) begin() (map[int]bool, int) {
	n := runtime.NumGoroutine()
	s.mu.Lock()
	known, count := s.known, s.count
	s.mu.Unlock()
	if known != nil && n == count {
		return known, n
	}
	gs, _ := s.snapshot()
	ids := sessionIDs(gs)
	s.mu.Lock()
	s.known, s.count = ids, n
	s.mu.Unlock()
	return ids, n
}

// settle bounds how long left waits for the goroutines a cell started to
// reach what they are doing (a goroutine started on the cell's last line
// may not have run yet, and one that just called wg.Done is on its way
// out) before counting and describing them. Only a cell that leaves a
// goroutine running, a busy loop say, waits all of it, once: goroutines
// of earlier cells are not waited for. 5 ms, the bound at first, was too
// short on a loaded machine under the race detector, where a goroutine
// on its way to time.Sleep was reported running.
const settle = 100 * time.Millisecond

// left counts and describes the session goroutines that are not in
// before: those the cell that just ended (number cell) started and left
// running. It records them as that cell's. n is the number of goroutines
// the process had when the cell began; with no more than that now, the
// cell left none (or as many ended as it left) and no dump is taken.
func (s *goroutines) left(before map[int]bool, n, cell int) (int, string) {
	if now := runtime.NumGoroutine(); now <= n {
		s.mu.Lock()
		s.known, s.count = before, now
		s.mu.Unlock()
		return 0, ""
	}
	var fresh []goroutine
	var gs []goroutine
	start := time.Now()
	for {
		gs, _ = s.snapshot()
		fresh = fresh[:0]
		settled := true
		for _, g := range gs {
			if g.kind() == kindSession && !before[g.id] {
				fresh = append(fresh, g)
				settled = settled && g.settled()
			}
		}
		if settled || time.Since(start) > settle {
			break
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	s.mu.Lock()
	for _, g := range fresh {
		s.owner[g.id] = cell
	}
	s.known, s.count = sessionIDs(gs), runtime.NumGoroutine()
	s.mu.Unlock()
	return len(fresh), s.describe(fresh, cell)
}

// at names a go statement's place for people reading about cell n: "line
// 4" in n itself, "cell 2, line 4" in another; with its column when col.
func at(st rt.Site, n int, col bool) string {
	where := fmt.Sprintf("line %d", st.Line)
	if col {
		where = fmt.Sprintf("line %d:%d", st.Line, st.Col)
	}
	if st.Source != n {
		where = fmt.Sprintf("cell %d, %s", st.Source, where)
	}
	return where
}

// describe says what the goroutines cell left running are doing and where
// they were started, most common first: "3 goroutines started by this
// cell are still running: 2 blocked on chan receive (started at line 4),
// 1 sleeping (started at cell 2, line 7)". Goroutines doing the same at
// the same place make one group.
func (s *goroutines) describe(gs []goroutine, cell int) string {
	if len(gs) == 0 {
		return ""
	}
	type group struct {
		doing, where string
		site         rt.Site
		n            int
	}
	var groups []*group
	index := map[[2]string]*group{}
	for _, g := range gs {
		var where string
		st, ok := g.started()
		switch {
		case ok:
			where = "started at " + at(st, cell, false)
		case g.mainFlow():
			where = "the cell itself"
		}
		key := [2]string{g.doing(), where}
		if gr := index[key]; gr != nil {
			gr.n++
			continue
		}
		gr := &group{doing: key[0], where: where, site: st, n: 1}
		index[key] = gr
		groups = append(groups, gr)
	}
	sort.Slice(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if a.n != b.n {
			return a.n > b.n
		}
		if a.doing != b.doing {
			return a.doing < b.doing
		}
		if a.site.Source != b.site.Source {
			return a.site.Source < b.site.Source
		}
		if a.site.Line != b.site.Line {
			return a.site.Line < b.site.Line
		}
		return a.where < b.where
	})
	parts := make([]string, len(groups))
	for i, gr := range groups {
		parts[i] = fmt.Sprintf("%d %s", gr.n, gr.doing)
		if gr.where != "" {
			parts[i] += " (" + gr.where + ")"
		}
	}
	if len(gs) == 1 {
		return "1 goroutine started by this cell is still running: " + parts[0]
	}
	return fmt.Sprintf("%d goroutines started by this cell are still running: %s", len(gs), strings.Join(parts, ", "))
}

// deadlockEvery is how often the deadlock detector looks; a deadlock is
// reported after two looks that agree, well within a second.
const deadlockEvery = 100 * time.Millisecond

// watchDeadlock looks for a deadlock of the session while cell n runs,
// until stop is closed. It returns the report, one line per blocked
// goroutine, when every goroutine of the session is blocked, no library
// goroutine could wake one, and no timer is pending; nil when stop closed
// first.
func (s *goroutines) watchDeadlock(stop <-chan struct{}, tm *celltime.Tracker, n int) []string {
	t := time.NewTicker(deadlockEvery)
	defer t.Stop()
	var last []int
	cpu := cpuload.ProcessCPU()
	for {
		select {
		case <-stop:
			return nil
		case <-t.C:
		}
		// A deadlocked session burns no CPU. Checking that first keeps
		// the stack dumps, which stop the world, away from busy cells.
		now := cpuload.ProcessCPU()
		busy := now-cpu > deadlockEvery/4
		cpu = now
		if busy || tm.Pending(time.Now()) || runtime.NumGoroutine() > 20_000 {
			last = nil
			continue
		}
		gs, complete := s.snapshot()
		ids, report := s.deadlocked(gs, n)
		if !complete || ids == nil {
			last = nil
			continue
		}
		if slices.Equal(ids, last) {
			return report
		}
		last = ids
	}
}

// deadlocked returns the ids of the session's goroutines and a report of
// each, in the same order, if they are all blocked; nil if not. While
// cell n runs, a report reads "goroutine 9 [select]: started at line
// 2:1, blocked on chan send", or "goroutine 8 [select]: the cell itself,
// blocked in select" for the cell's own evaluation.
func (s *goroutines) deadlocked(gs []goroutine, n int) ([]int, []string) {
	var session []goroutine
	for _, g := range gs {
		switch g.kind() {
		case kindSession:
			if !g.blocked() {
				return nil, nil
			}
			session = append(session, g)
		case kindNative:
			if !g.blocked() {
				return nil, nil
			}
		}
	}
	if len(session) == 0 {
		return nil, nil
	}
	// The cell's own evaluation first, as Go reports main first; then by id.
	sort.Slice(session, func(i, j int) bool {
		if mi, mj := session[i].mainFlow(), session[j].mainFlow(); mi != mj {
			return mi
		}
		return session[i].id < session[j].id
	})
	ids := make([]int, len(session))
	report := make([]string, len(session))
	for i, g := range session {
		ids[i] = g.id
		report[i] = fmt.Sprintf("goroutine %d [%s]: %s, %s", g.id, g.state, s.origin(g, n), g.doing())
	}
	return ids, report
}

// origin says, for a report while cell n runs, where goroutine g of the
// session came from: the go statement that started it, or the cell whose
// own code it runs.
func (s *goroutines) origin(g goroutine, n int) string {
	s.mu.Lock()
	owner, owned := s.owner[g.id]
	s.mu.Unlock()
	if st, ok := g.started(); ok {
		where := "started at " + at(st, n, true)
		if st.Cell != n && st.Cell != st.Source {
			where = fmt.Sprintf("started during cell %d at %s", st.Cell, at(st, n, true))
		}
		return where
	}
	switch {
	case g.mainFlow() && owned && owner != n:
		return fmt.Sprintf("cell %d itself", owner)
	case g.mainFlow():
		return "the cell itself"
	case owned:
		return fmt.Sprintf("started by cell %d", owner)
	}
	return "started by the running cell"
}
