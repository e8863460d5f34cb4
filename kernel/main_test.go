package kernel_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"gonote/kernel"
	"gonote/kernel/engine"
	"gonote/kernel/worker"
)

// workerEnv switches the test binary into the worker role: the process
// tests start real worker processes by re-executing themselves.
const workerEnv = "GONOTE_TEST_KERNEL_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		deaf := os.Getenv(deafEnv) == "1"
		echo := os.Getenv(echoEnv) == "1"
		err := worker.Main(context.Background(), worker.Options{New: func(o worker.EngineOptions) (kernel.Runner, error) {
			if echo {
				return &echoRunner{}, nil
			}
			s, err := engine.New(engine.Options{Late: o.Late, Extra: o.Extra, OutputLimit: o.OutputLimit})
			if deaf {
				return deafRunner{s}, err
			}
			return s, err
		}})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// deafEnv makes the test worker's engine ignore cancellation, as a cell
// stuck where cancellation cannot reach would, so that the later rungs of
// the stopping ladder can be tested.
const deafEnv = "GONOTE_TEST_KERNEL_DEAF"

// deafRunner runs cells without their context's cancellation.
type deafRunner struct{ kernel.Runner }

func (d deafRunner) Execute(ctx context.Context, code string, out func(kernel.Chunk)) (kernel.Result, error) {
	return d.Runner.Execute(context.WithoutCancel(ctx), code, out)
}

// echoEnv makes the test worker run cells with echoRunner instead of the
// engine, to measure the supervisor, the wire and the worker alone.
const echoEnv = "GONOTE_TEST_KERNEL_ECHO"

// echoRunner "runs" a cell by writing its code back to stdout.
type echoRunner struct{ n int }

func (e *echoRunner) Execute(ctx context.Context, code string, out func(kernel.Chunk)) (kernel.Result, error) {
	e.n++
	out(kernel.Chunk{Stream: kernel.Stdout, Text: code, Cell: e.n})
	return kernel.Result{Status: kernel.StatusOK, ExecutionCount: e.n}, nil
}

func (e *echoRunner) Close() error { return nil }

// testConfig is a kernel config whose worker is this test binary.
func testConfig() kernel.Config {
	return kernel.Config{
		Command: []string{os.Args[0]},
		Env:     []string{workerEnv + "=1"},
	}
}

// startKernel starts a kernel with cfg (its Command and Env filled in) and
// closes it when the test ends.
func startKernel(t testing.TB, cfg kernel.Config) *kernel.Kernel {
	t.Helper()
	base := testConfig()
	cfg.Command, cfg.Env = base.Command, append(base.Env, cfg.Env...)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	k, err := kernel.Start(ctx, cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

// output collects a cell's chunks.
type output struct {
	mu     sync.Mutex
	stdout strings.Builder
	stderr strings.Builder
	chunks []kernel.Chunk
}

func (o *output) add(c kernel.Chunk) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.chunks = append(o.chunks, c)
	if c.Stream == kernel.Stderr {
		o.stderr.WriteString(c.Text)
	} else {
		o.stdout.WriteString(c.Text)
	}
}

func (o *output) Stdout() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.stdout.String()
}

func (o *output) Stderr() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.stderr.String()
}

// execute runs code in k with a generous deadline and fails the test on
// a machinery error.
func execute(t testing.TB, k *kernel.Kernel, code string) (kernel.Result, *output) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var o output
	res, err := k.Execute(ctx, code, o.add)
	if err != nil {
		t.Fatalf("Execute(%q): %v", code, err)
	}
	return res, &o
}
