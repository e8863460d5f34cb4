// Package cpuload measures CPU time: the process's own (what a cell's
// figures and the kernel's watchdogs count), and, for tests, whether this
// machine can show parallelism right now: a claim like "this cell used
// more CPU time than wall time" can only be checked while other work
// leaves the CPUs free.
package cpuload

import (
	"sync"
	"syscall"
	"time"
)

// Available runs two goroutines that spin for d and returns the CPU time
// they got over the wall time: near 2 on two free cores, near 1 or below
// when other work keeps the machine busy.
func Available(d time.Duration) float64 {
	before := ProcessCPU()
	start := time.Now()
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for time.Since(start) < d {
			}
		})
	}
	wg.Wait()
	return float64(ProcessCPU()-before) / float64(time.Since(start))
}

// ProcessCPU returns the user and system CPU time this process has used.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
