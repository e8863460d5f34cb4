package worker

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"time"
)

// watchEvery is how often the worker checks its memory and goroutines.
const watchEvery = 20 * time.Millisecond

// watch enforces the memory and goroutine limits until stop is closed.
// Exceeding one is fatal: the worker reports which limit and exits, since
// only ending the process reliably frees what a cell holds.
func (wk *worker) watch(stop <-chan struct{}) {
	if wk.cfg.MemoryLimit <= 0 && wk.cfg.MaxGoroutines <= 0 {
		return
	}
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			wk.checkLimits()
		}
	}
}

// checkLimits ends the worker if it holds more memory or goroutines than
// allowed. It also runs as each cell ends, so that a cell which grabs
// too much and returns at once is the one reported.
func (wk *worker) checkLimits() {
	if max := wk.cfg.MaxGoroutines; max > 0 {
		if n := runtime.NumGoroutine(); n > max+runtimeGoroutines {
			wk.fatal(fmt.Sprintf("goroutine limit exceeded: the kernel had %d goroutines; the limit is %d (--max-goroutines)", n-runtimeGoroutines, max))
		}
	}
	if limit := wk.cfg.MemoryLimit; limit > 0 {
		samples := []metrics.Sample{
			{Name: "/memory/classes/total:bytes"},
			{Name: "/memory/classes/heap/released:bytes"},
		}
		metrics.Read(samples)
		used := int64(samples[0].Value.Uint64() - samples[1].Value.Uint64())
		if used > limit {
			wk.fatal(fmt.Sprintf("memory limit exceeded: the kernel used %s; the limit is %s (--memory-limit)", bytesString(used), bytesString(limit)))
		}
	}
}

// runtimeGoroutines is a generous count of the worker's own goroutines,
// which do not count against a cell's goroutine limit.
const runtimeGoroutines = 16
