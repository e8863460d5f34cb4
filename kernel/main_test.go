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
		err := worker.Main(context.Background(), worker.Options{New: func(o worker.EngineOptions) (kernel.Runner, error) {
			return engine.New(engine.Options{Late: o.Late, Extra: o.Extra, OutputLimit: o.OutputLimit})
		}})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

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
	cfg.Command, cfg.Env = base.Command, base.Env
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

func TestSmoke(t *testing.T) {
	k := startKernel(t, kernel.Config{})
	res, out := execute(t, k, `x := 41; fmt.Println("hi", x+1)`)
	t.Logf("%+v %q %q", res, out.Stdout(), out.Stderr())
	res, out = execute(t, k, `fmt.Println(x)`)
	t.Logf("%+v %q %q", res, out.Stdout(), out.Stderr())
	res, out = execute(t, k, `go func(){ time.Sleep(time.Hour) }(); ch := make(chan int); go func(){ <-ch }()`)
	t.Logf("%+v %q %q", res, out.Stdout(), out.Stderr())
	res, out = execute(t, k, `ch2 := make(chan int); <-ch2`)
	t.Logf("%+v %q %q", res, out.Stdout(), out.Stderr())
	if res.Error != nil {
		t.Logf("%v", res.Error.Traceback)
	}
	res, out = execute(t, k, `m := map[int]int{}; for i := 0; i < 8; i++ { go func(){ for j := 0; ; j++ { m[j] = j } }() }; time.Sleep(time.Second)`)
	t.Logf("%+v %q %q", res, out.Stdout(), out.Stderr())
	res, out = execute(t, k, `fmt.Println("after")`)
	t.Logf("%+v %q %q", res, out.Stdout(), out.Stderr())
}
