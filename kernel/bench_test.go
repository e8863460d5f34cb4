package kernel_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gonote/kernel"
	"gonote/kernel/workerbin"
)

// benchConfig starts kernels as gonote does, so the figures are what
// users get: on the lean worker when the test binary embeds it (make
// bench builds with its tag), else on bin/gonote when it was built, else
// on the test binary.
func benchConfig(b *testing.B) kernel.Config {
	if cmd, err := workerbin.Command(); err != nil {
		b.Fatal(err)
	} else if cmd != nil {
		b.Logf("worker: the embedded %s", workerbin.Name)
		return kernel.Config{}
	}
	bin := os.Getenv("GONOTE_BIN")
	if bin == "" {
		bin, _ = filepath.Abs(filepath.Join("..", "bin", "gonote"))
	}
	if _, err := os.Stat(bin); err == nil {
		b.Logf("worker: %s kernel", bin)
		return kernel.Config{Command: []string{bin, "kernel"}}
	}
	b.Logf("worker: the test binary (build bin/gonote for the real figures)")
	return testConfig()
}

// reportPercentiles reports the 50th and 99th percentiles of ds.
func reportPercentiles(b *testing.B, ds []time.Duration, unit time.Duration, name string) {
	if len(ds) == 0 {
		return
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	b.ReportMetric(float64(ds[len(ds)/2])/float64(unit), "p50-"+name)
	b.ReportMetric(float64(ds[len(ds)*99/100])/float64(unit), "p99-"+name)
}

// BenchmarkStart measures a kernel's start-to-ready time: from Start to a
// worker that has its engine up and said ready.
func BenchmarkStart(b *testing.B) { benchStart(b, "") }

// BenchmarkStartFirstCell measures from Start to the result of a first,
// trivial cell: what a kernel started on demand costs the person waiting
// for it, housekeeping after ready included.
func BenchmarkStartFirstCell(b *testing.B) { benchStart(b, "x := 1") }

// benchStart times Start, and then running cell when it is not empty.
func benchStart(b *testing.B, cell string) {
	cfg := benchConfig(b)
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		k, err := kernel.Start(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		if cell != "" {
			res, err := k.Execute(context.Background(), cell, nil)
			if err != nil || res.Status != kernel.StatusOK {
				b.Fatalf("cell: %+v %v", res, err)
			}
		}
		ds = append(ds, time.Since(start))
		b.StopTimer()
		k.Close()
		b.StartTimer()
	}
	reportPercentiles(b, ds, time.Millisecond, "ms")
}

// BenchmarkManagerStart measures what a user waits for when a Manager
// starts a kernel while a spare worker is ready: the spare is handed over.
// The wait for the next spare is not timed.
func BenchmarkManagerStart(b *testing.B) {
	cfg := benchConfig(b)
	m := kernel.NewManager(kernel.ManagerConfig{Kernel: cfg, IdleTimeout: -1, MaxKernels: -1})
	defer m.Close()
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		b.StopTimer()
		m.WaitSpares(context.Background())
		b.StartTimer()
		start := time.Now()
		id, _, err := m.Start(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
		b.StopTimer()
		m.Shutdown(id)
		b.StartTimer()
	}
	reportPercentiles(b, ds, time.Millisecond, "ms")
}

// BenchmarkRoundTrip measures a trivial cell's round trip through the
// supervisor, the wire and the worker.
func BenchmarkRoundTrip(b *testing.B) {
	k, err := kernel.Start(context.Background(), benchConfig(b))
	if err != nil {
		b.Fatal(err)
	}
	defer k.Close()
	ctx := context.Background()
	if res, err := k.Execute(ctx, `n := 0`, nil); err != nil || res.Status != kernel.StatusOK {
		b.Fatalf("setup: %+v %v", res, err)
	}
	ds := make([]time.Duration, 0, b.N)
	cell := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		res, err := k.Execute(ctx, `n++`, nil)
		ds = append(ds, time.Since(start))
		cell = append(cell, res.Duration)
		if err != nil || res.Status != kernel.StatusOK {
			b.Fatalf("n++: %+v %v", res, err)
		}
	}
	reportPercentiles(b, ds, time.Microsecond, "µs")
	// The cell's own run time inside the engine, for comparison.
	sort.Slice(cell, func(i, j int) bool { return cell[i] < cell[j] })
	b.ReportMetric(float64(cell[len(cell)/2])/float64(time.Microsecond), "p50-engine-µs")
}

// BenchmarkRoundTripMachinery measures the same round trip with a worker
// whose engine only echoes the code back: the cost of the supervisor,
// the wire protocol and the worker's bookkeeping, without the engine.
func BenchmarkRoundTripMachinery(b *testing.B) {
	cfg := testConfig()
	cfg.Env = append(cfg.Env, echoEnv+"=1")
	k, err := kernel.Start(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer k.Close()
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		res, err := k.Execute(context.Background(), `n++`, nil)
		ds = append(ds, time.Since(start))
		if err != nil || res.Status != kernel.StatusOK {
			b.Fatalf("n++: %+v %v", res, err)
		}
	}
	reportPercentiles(b, ds, time.Microsecond, "µs")
}

// rssMB returns the resident set size of process pid, in MB, and the
// part of it that is private to the process (RssAnon). The rest is pages
// of the gonote binary, which all workers share.
func rssMB(pid int) (rss, private float64, err error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	field := func(name string) (float64, error) {
		for _, line := range strings.Split(string(status), "\n") {
			if rest, ok := strings.CutPrefix(line, name+":"); ok {
				kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
				return float64(kb) / 1000, err
			}
		}
		return 0, fmt.Errorf("no %s in /proc/%d/status", name, pid)
	}
	if rss, err = field("VmRSS"); err != nil {
		return 0, 0, err
	}
	private, err = field("RssAnon")
	return rss, private, err
}

// BenchmarkIdleRSS measures the memory of an idle worker that has run one
// cell.
func BenchmarkIdleRSS(b *testing.B) {
	cfg := benchConfig(b)
	var total, private float64
	for b.Loop() {
		k, err := kernel.Start(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		if res, err := k.Execute(context.Background(), `x := 1`, nil); err != nil || res.Status != kernel.StatusOK {
			b.Fatalf("cell: %+v %v", res, err)
		}
		mb, anon, err := rssMB(k.PID())
		if err != nil {
			b.Fatal(err)
		}
		total += mb
		private += anon
		k.Close()
	}
	b.ReportMetric(total/float64(b.N), "MB-rss")
	b.ReportMetric(private/float64(b.N), "MB-private")
}

// BenchmarkHundredKernels starts 100 kernels, runs a cell in each at the
// same time, and checks that every one succeeds.
func BenchmarkHundredKernels(b *testing.B) {
	cfg := benchConfig(b)
	const n = 100
	for b.Loop() {
		m := kernel.NewManager(kernel.ManagerConfig{Kernel: cfg, MaxKernels: n, IdleTimeout: -1})
		ks := make([]*kernel.Kernel, n)
		var wg sync.WaitGroup
		errs := make(chan error, n)
		sem := make(chan struct{}, 8) // start 8 at a time
		for i := range ks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				_, k, err := m.Start(context.Background())
				if err != nil {
					errs <- fmt.Errorf("start kernel %d: %w", i, err)
					return
				}
				ks[i] = k
			}()
		}
		wg.Wait()
		for i, k := range ks {
			if k == nil {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := k.Execute(context.Background(), fmt.Sprintf(`x := %d
y := 0
for i := 0; i < 10000; i++ { y += i }
println(x, y)`, i), nil)
				if err != nil || res.Status != kernel.StatusOK {
					errs <- fmt.Errorf("kernel %d: %+v %v", i, res.Error, err)
				}
			}()
		}
		wg.Wait()
		var rss, private float64
		for _, k := range ks {
			if k != nil {
				mb, anon, _ := rssMB(k.PID())
				rss += mb
				private += anon
			}
		}
		if live := len(m.List()); live != n {
			errs <- fmt.Errorf("%d kernels alive, want %d", live, n)
		}
		m.Close()
		close(errs)
		for err := range errs {
			b.Error(err)
		}
		b.ReportMetric(rss, "MB-rss-sum")
		b.ReportMetric(private, "MB-private-sum")
	}
}
