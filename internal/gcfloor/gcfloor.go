// Package gcfloor paces the garbage collector of a process whose heap is
// small but busy, as a kernel worker's is.
//
// Go collects when the heap reaches twice what the last collection left
// live, but never below 4 MB. A kernel keeps 1–3 MB live and each cell
// leaves tens of KB of garbage (the cell's syntax trees, types and
// compiled code), so at that pace the collector runs every few dozen cells
// and costs more than the cells. Raising the 4 MB floor to a few MB more
// makes collections rare while the heap is small, and costs nothing once
// it is large: a policy lets the heap grow to at least the floor before
// collecting, and paces a heap larger than half the floor as GOGC does.
package gcfloor

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Kernel is the floor of a kernel worker: it lets the heap of a busy
// session grow to 8 MB before collecting, a few MB more than Go would,
// which halves how often the collector runs (see BenchmarkTrivialCell in
// kernel/engine).
const Kernel = 8 << 20

// goMinHeap is the least heap Go lets grow before collecting, at GOGC=100.
// It scales with GOGC.
const goMinHeap = 4 << 20

// Policy adjusts GOGC after every collection, from the heap it left live.
type Policy struct {
	floor uint64
	base  int // GOGC as the process started: 100 unless set in the environment

	mu      sync.Mutex
	percent int // the GOGC the policy set last
	stopped bool
	changed func(percent int) // for tests: called after each change
}

// Start has the collector let the heap grow to floor bytes before
// collecting while the live heap is at most floor/2, and restores the
// process's GOGC while it is more. It leaves the pace alone when GOGC is
// off or floor is no more than Go's own.
func Start(floor uint64) *Policy {
	base := debug.SetGCPercent(100)
	debug.SetGCPercent(base)
	p := &Policy{floor: floor, base: base, percent: base}
	if base <= 0 || floor*100 <= uint64(base)*goMinHeap {
		return p
	}
	p.adjust()
	p.arm()
	return p
}

// Stop restores the process's GOGC and adjusts it no more.
func (p *Policy) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	if p.percent != p.base {
		debug.SetGCPercent(p.base)
		p.percent = p.base
	}
}

// Percent returns the GOGC the policy wants now.
func (p *Policy) Percent() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.percent
}

// want returns the GOGC for a live heap of live bytes: at GOGC=g the
// collector waits for the heap to reach goMinHeap*g/100.
func (p *Policy) want(live uint64) int {
	if live > p.floor/2 {
		return p.base
	}
	return int(p.floor * 100 / goMinHeap)
}

// adjust sets GOGC for the live heap the last collection left.
func (p *Policy) adjust() {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	want := p.want(s[0].Value.Uint64())
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped || want == p.percent {
		return
	}
	debug.SetGCPercent(want)
	p.percent = want
	if p.changed != nil {
		p.changed(want)
	}
}

// sentinel is an object that lives until the next collection: its cleanup
// tells the policy that one happened.
type sentinel struct{ _ *byte }

// arm has the policy adjust after the next collection, and arm again.
func (p *Policy) arm() {
	runtime.AddCleanup(&sentinel{}, func(p *Policy) {
		p.mu.Lock()
		stopped := p.stopped
		p.mu.Unlock()
		if stopped {
			return
		}
		p.adjust()
		p.arm()
	}, p)
}
