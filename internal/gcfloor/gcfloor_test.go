package gcfloor

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// gogc returns the process's GOGC as the runtime reports it.
func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// waitChange collects until the policy reports a change, or fails.
func waitChange(t *testing.T, changes <-chan int) int {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		runtime.GC()
		select {
		case pc := <-changes:
			return pc
		case <-deadline:
			t.Fatal("no change of GOGC after collecting for 10 s")
		default:
		}
		runtime.Gosched()
	}
}

func TestPolicyFollowsLiveHeap(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	runtime.GC()
	const floor = 8 << 20
	p := Start(floor)
	defer p.Stop()
	if got := gogc(); got != 200 {
		t.Fatalf("small heap: GOGC = %d, want 200 (a %d MB floor)", got, floor>>20)
	}

	changes := make(chan int, 4)
	p.mu.Lock()
	p.changed = func(pc int) { changes <- pc }
	p.mu.Unlock()

	big := make([][]byte, 16)
	for i := range big {
		big[i] = make([]byte, 1<<20)
	}
	if pc := waitChange(t, changes); pc != 100 || gogc() != 100 {
		t.Fatalf("heap over half the floor: policy set %d, GOGC = %d, want 100", pc, gogc())
	}
	runtime.KeepAlive(big)
	big = nil

	if pc := waitChange(t, changes); pc != 200 || gogc() != 200 {
		t.Fatalf("heap small again: policy set %d, GOGC = %d, want 200", pc, gogc())
	}

	p.Stop()
	if got := gogc(); got != 100 {
		t.Fatalf("after Stop: GOGC = %d, want 100", got)
	}
}

func TestPolicyLeavesGOGCOff(t *testing.T) {
	old := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(old)
	p := Start(8 << 20)
	defer p.Stop()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("GOGC=off: policy set GOGC to %d", got)
	}
}

func TestPolicyWant(t *testing.T) {
	p := &Policy{floor: 16 << 20, base: 100}
	for _, c := range []struct {
		live uint64
		want int
	}{{1 << 20, 400}, {8 << 20, 400}, {8<<20 + 1, 100}, {1 << 30, 100}} {
		if got := p.want(c.live); got != c.want {
			t.Errorf("want(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
