//go:build linux

package sandbox_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gonote/kernel"
	"gonote/kernel/engine"
	"gonote/kernel/sandbox"
	"gonote/kernel/worker"
)

// workerMain is the test binary as a kernel worker, the way "gonote
// kernel" runs: sandbox first, then the worker loop.
func workerMain() int {
	if err := sandbox.Enter(); err != nil {
		fmt.Fprintf(os.Stderr, "fatal error: %v\n", err)
		return 1
	}
	err := worker.Main(context.Background(), worker.Options{New: func(o worker.EngineOptions) (kernel.Runner, error) {
		return engine.New(engine.Options{Late: o.Late, Extra: o.Extra, OutputLimit: o.OutputLimit})
	}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// carelessWorkerMain is a kernel worker that forgets to call Enter.
func carelessWorkerMain() int {
	err := worker.Main(context.Background(), worker.Options{New: func(o worker.EngineOptions) (kernel.Runner, error) {
		return engine.New(engine.Options{Late: o.Late, Extra: o.Extra, OutputLimit: o.OutputLimit})
	}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// startKernel starts a real kernel whose worker is this test binary, and
// closes it when the test ends.
func startKernel(t *testing.T, sandboxed bool) *kernel.Kernel {
	t.Helper()
	return startKernelWith(t, kernel.Config{Sandbox: sandboxed})
}

// startKernelWith is startKernel with more of the configuration.
func startKernelWith(t *testing.T, cfg kernel.Config) *kernel.Kernel {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cfg.Command = []string{testExe(t)}
	cfg.Env = []string{roleEnv + "=worker"}
	k, err := kernel.Start(ctx, cfg)
	if err != nil {
		t.Fatalf("kernel.Start(Sandbox: %v): %v", cfg.Sandbox, err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

// run executes code as the next cell and returns its stdout; a cell that
// does not end with status ok fails the test.
func run(t *testing.T, k *kernel.Kernel, code string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var mu sync.Mutex
	var stdout, stderr strings.Builder
	res, err := k.Execute(ctx, code, func(c kernel.Chunk) {
		mu.Lock()
		defer mu.Unlock()
		if c.Stream == kernel.Stderr {
			stderr.WriteString(c.Text)
		} else {
			stdout.WriteString(c.Text)
		}
	})
	if err != nil {
		t.Fatalf("Execute(%q): %v", code, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if res.Status != kernel.StatusOK {
		t.Fatalf("Execute(%q) status = %q (%v), want ok; stderr:\n%s", code, res.Status, res.Error, stderr.String())
	}
	return stdout.String()
}

// helper is the first cell of the tests with real cells: imports and
// functions the other cells share.
const helper = `import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

var _, _, _, _, _, _ = errors.New, net.Dial, filepath.Join, strconv.Atoi, strings.Contains, time.Second

// othersVisible fails unless /proc shows more processes than the kernel.
func othersVisible() error {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return err
	}
	n := 0
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err == nil {
			n++
		}
	}
	if n <= 1 {
		return fmt.Errorf("only %d process visible", n)
	}
	return nil
}

func report(err error) {
	if err != nil {
		fmt.Println("ERR", err)
		return
	}
	fmt.Println("OK")
}`

// TestKernelCells runs real Go cells that try each escape, in a kernel
// with and without the sandbox. Each cell prints OK when its attempt
// worked and ERR with the error when it did not.
func TestKernelCells(t *testing.T) {
	fx := newFixture(t)
	secret := setSecret(t)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	unique := fmt.Sprintf("gonote-sandbox-cell-%d-%d", os.Getpid(), time.Now().UnixNano())

	cases := []struct {
		name string
		code string
		// plain and boxed are the line the cell prints without and with
		// the sandbox: "OK", or "ERR" for any error.
		plain, boxed string
	}{
		{
			name:  "dial the server's port",
			code:  fmt.Sprintf(`c, err := net.DialTimeout("tcp", %q, 2*time.Second); if err == nil { c.Close() }; report(err)`, fx.tcp),
			plain: "OK", boxed: "ERR",
		},
		{
			name:  "dial another address",
			code:  `c, err := net.DialTimeout("tcp", "192.0.2.1:80", 2*time.Second); if err == nil { c.Close() }; report(err)`,
			plain: "", boxed: "ERR", // without the sandbox it depends on the machine's network
		},
		{
			name:  "write outside the temp dir",
			code:  fmt.Sprintf(`report(os.WriteFile(%q, []byte("x"), 0o644))`, filepath.Join(fx.outside, unique)),
			plain: "OK", boxed: "ERR",
		},
		{
			name:  "write in the working dir",
			code:  fmt.Sprintf(`report(os.WriteFile(%q, []byte("x"), 0o644))`, filepath.Join(wd, unique)),
			plain: "", boxed: "ERR", // without the sandbox it would litter the source tree
		},
		{
			name:  "write in /etc",
			code:  fmt.Sprintf(`report(os.WriteFile("/etc/%s", []byte("x"), 0o644))`, unique),
			plain: "", boxed: "ERR",
		},
		{
			name:  "write in the temp dir",
			code:  fmt.Sprintf(`report(os.WriteFile(filepath.Join(os.TempDir(), %q), []byte("x"), 0o644))`, unique),
			plain: "OK", boxed: "OK",
		},
		{
			name:  "read the server's token",
			code:  fmt.Sprintf(`b, err := os.ReadFile(%q); if err == nil && string(b) != %q { err = errors.New("wrong content") }; report(err)`, fx.token, fx.secret),
			plain: "OK", boxed: "ERR",
		},
		{
			name:  "see the server's process",
			code:  fmt.Sprintf(`_, err := os.Stat("/proc/%d"); report(err)`, os.Getpid()),
			plain: "OK", boxed: "ERR",
		},
		{
			name:  "see other processes",
			code:  `report(othersVisible())`,
			plain: "OK", boxed: "ERR",
		},
		{
			// Cells see an empty os.Environ (yaegi's restricted mode), but
			// the worker's environment is one file away: it must not hold
			// the server's secrets, sandbox or not.
			name:  "read the server's secret from the environment",
			code:  fmt.Sprintf(`b, err := os.ReadFile("/proc/self/environ"); if err == nil && !strings.Contains(string(b), %q) { err = errors.New("not there") }; report(err)`, secret),
			plain: "ERR", boxed: "ERR",
		},
	}

	for _, mode := range []struct {
		name      string
		sandboxed bool
	}{{"without sandbox", false}, {"with sandbox", true}} {
		t.Run(mode.name, func(t *testing.T) {
			if mode.sandboxed {
				requireNamespaces(t)
			}
			k := startKernel(t, mode.sandboxed)
			run(t, k, helper)
			for _, tc := range cases {
				want := tc.plain
				if mode.sandboxed {
					want = tc.boxed
				}
				if want == "" {
					continue
				}
				t.Run(tc.name, func(t *testing.T) {
					got := run(t, k, tc.code)
					word, _, _ := strings.Cut(strings.TrimSpace(got), " ")
					if word != want {
						t.Errorf("cell %q printed %q, want %s", tc.code, got, want)
					}
				})
			}
		})
	}
	// Nothing the sandboxed cells tried may have landed on the host.
	for _, p := range []string{filepath.Join(wd, unique), "/etc/" + unique} {
		if fileExists(p) {
			t.Errorf("%s exists after the cells ran", p)
			os.Remove(p)
		}
	}
	os.Remove(filepath.Join(os.TempDir(), unique)) // written by the unsandboxed kernel
}

// TestKernelSandboxLifecycle checks that a sandboxed kernel can still be
// interrupted and restarted, and that a restarted worker is sandboxed too.
func TestKernelSandboxLifecycle(t *testing.T) {
	requireNamespaces(t)
	k := startKernel(t, true)
	run(t, k, helper)
	for _, tc := range []struct{ name, code string }{
		{"busy loop", `fmt.Println("started"); for {}`},
		{"native sleep", `fmt.Println("started"); time.Sleep(time.Hour)`},
	} {
		t.Run("interrupt "+tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			started := make(chan struct{})
			var once sync.Once
			type outcome struct {
				res kernel.Result
				err error
			}
			done := make(chan outcome, 1)
			go func() {
				res, err := k.Execute(ctx, tc.code, func(kernel.Chunk) { once.Do(func() { close(started) }) })
				done <- outcome{res, err}
			}()
			select {
			case <-started:
			case o := <-done:
				t.Fatalf("Execute(%q) ended before it was interrupted: %+v, %v", tc.code, o.res, o.err)
			}
			begin := time.Now()
			if err := k.Interrupt(ctx); err != nil {
				t.Fatalf("Interrupt: %v", err)
			}
			o := <-done
			if o.err != nil {
				t.Fatalf("Execute(%q): %v", tc.code, o.err)
			}
			if o.res.Status != kernel.StatusInterrupted {
				t.Errorf("Execute(%q) status = %q (%v), want %q", tc.code, o.res.Status, o.res.Error, kernel.StatusInterrupted)
			}
			t.Logf("stopped %v after Interrupt (%s)", time.Since(begin), o.res.Note)
		})
	}
	if got := run(t, k, `fmt.Println(40 + 2)`); got != "42\n" {
		t.Errorf("cell after the interrupts printed %q, want %q", got, "42\n")
	}

	before := k.PID()
	if err := k.Restart(t.Context()); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	if after := k.PID(); after == before {
		t.Errorf("PID after Restart = %d, the same as before", after)
	}
	run(t, k, helper)
	if got := run(t, k, `report(othersVisible())`); !strings.HasPrefix(got, "ERR") {
		t.Errorf("after Restart, a cell sees other processes (%q): the new worker is not sandboxed", got)
	}
}

// BenchmarkKernelStart measures a kernel's start-to-ready and close, with
// and without the sandbox, so the sandbox's cost shows as the difference.
func BenchmarkKernelStart(b *testing.B) {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for _, sandboxed := range []bool{false, true} {
		b.Run(fmt.Sprintf("sandbox=%v", sandboxed), func(b *testing.B) {
			cfg := kernel.Config{Command: []string{exe}, Env: []string{roleEnv + "=worker"}, Sandbox: sandboxed}
			for b.Loop() {
				k, err := kernel.Start(b.Context(), cfg)
				if err != nil {
					b.Fatalf("kernel.Start: %v", err)
				}
				k.Close()
			}
		})
	}
}

// TestKernelRefusesHalfSandboxedWorker checks that kernel.Start fails, and
// runs no cell, when the worker is born in the namespaces but never calls
// Enter, so that it would see the host's file system.
func TestKernelRefusesHalfSandboxedWorker(t *testing.T) {
	requireNamespaces(t)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	k, err := kernel.Start(ctx, kernel.Config{
		Command: []string{testExe(t)},
		Env:     []string{roleEnv + "=careless worker"},
		Sandbox: true,
	})
	if err == nil {
		k.Close()
		t.Fatal("kernel.Start with a worker that skipped sandbox.Enter succeeded, want an error")
	}
	if !strings.Contains(err.Error(), "host's file system") {
		t.Errorf("kernel.Start error = %q, want it to say the worker sees the host's file system", err)
	}
}

// TestCheck checks sandbox.Check against a sandboxed worker and against
// this (unsandboxed) process.
func TestCheck(t *testing.T) {
	requireNamespaces(t)
	k := startKernel(t, true)
	if err := sandbox.Check(k.PID()); err != nil {
		t.Errorf("Check(sandboxed worker) = %v, want nil", err)
	}
	if err := sandbox.Check(os.Getpid()); err == nil || !strings.Contains(err.Error(), "namespace") {
		t.Errorf("Check(this process) = %v, want an error about a shared namespace", err)
	}
}

// TestKernelSandboxLimits checks that the supervisor's limits and its
// handling of a dying worker hold in a sandboxed kernel: the cell ends with
// the reason, and the next cell runs in a fresh worker that is sandboxed
// too.
func TestKernelSandboxLimits(t *testing.T) {
	requireNamespaces(t)
	k := startKernelWith(t, kernel.Config{Sandbox: true, MemoryLimit: 256 << 20, CellTimeout: 30 * time.Second})
	for _, tc := range []struct{ name, code, msg string }{
		{"memory limit", `b := make([]byte, 10<<30); b[len(b)-1] = 1`, "memory limit"},
		{"concurrent map writes", `m := map[int]int{}
for i := 0; i < 4; i++ {
	go func() {
		for j := 0; ; j++ {
			m[j%64] = j
		}
	}()
}
time.Sleep(10 * time.Second)`, "concurrent map writes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			res, err := k.Execute(ctx, tc.code, func(kernel.Chunk) {})
			if err != nil {
				t.Fatalf("Execute(%q): %v", tc.code, err)
			}
			if res.Status != kernel.StatusDied || res.Error == nil || !strings.Contains(res.Error.Message, tc.msg) {
				t.Errorf("Execute(%q) = %q (%+v), want %q with %q", tc.code, res.Status, res.Error, kernel.StatusDied, tc.msg)
			}
			// The fresh worker has none of the earlier cells.
			run(t, k, helper)
			if got := run(t, k, `report(othersVisible())`); !strings.HasPrefix(got, "ERR") {
				t.Errorf("after the worker died, a cell sees other processes (%q): the new worker is not sandboxed", got)
			}
		})
	}
}
