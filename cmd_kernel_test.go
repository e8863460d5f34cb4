package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets this test binary play the worker: exec and serve start
// kernels by running their own executable with the argument "kernel",
// which under "go test" is this binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "kernel" {
		if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "gonote:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestExecCrashingCell: a cell that kills its kernel makes exec fail
// with the runtime's reason, and exec itself survives to say so.
func TestExecCrashingCell(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "crash.go")
	src := `package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("before the crash")
	// Output still in the worker's pipes when it dies is lost with it;
	// give this line time to leave.
	time.Sleep(200 * time.Millisecond)
	m := map[int]int{}
	for i := 0; i < 4; i++ {
		go func() {
			for j := 0; ; j++ {
				m[j%64] = j
			}
		}()
	}
	select {}
}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	err := run(context.Background(), []string{"exec", "--cell-timeout", "30s", file}, nil, &stdout, &stderr)
	if err != errCellFailed {
		t.Errorf("exec = %v, want errCellFailed (exit 1)", err)
	}
	if !strings.Contains(stdout.String(), "before the crash") {
		t.Errorf("stdout %q, want the output written before the crash", stdout.String())
	}
	if !strings.Contains(stderr.String(), "fatal error: concurrent map writes") {
		t.Errorf("stderr %q, want the runtime's reason", stderr.String())
	}
}

// TestBuiltWorker runs the binary make build made (GONOTE_BIN, which
// make test sets): its kernels run on the lean worker it embeds, from a
// memfd, and still die with the runtime's reason.
func TestBuiltWorker(t *testing.T) {
	bin := os.Getenv("GONOTE_BIN")
	if bin == "" {
		t.Skip("GONOTE_BIN is not set: make test builds bin/gonote and sets it")
	}
	dir := t.TempDir()
	cells := []struct {
		src, stdout, stderr string
		exit                int
	}{
		{`exe, err := os.Readlink("/proc/self/exe")
fmt.Println(exe, err)`, "/memfd:gonote-kernel (deleted) <nil>\n", "", 0},
		{`m := map[int]int{}
for i := 0; i < 4; i++ {
	go func() {
		for j := 0; ; j++ {
			m[j%64] = j
		}
	}()
}
select {}`, "", "fatal error: concurrent map writes", 1},
	}
	for i, c := range cells {
		file := filepath.Join(dir, fmt.Sprintf("cell%d.go", i))
		if err := os.WriteFile(file, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "exec", file)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != c.exit {
			t.Errorf("cell %d: exit %d (%v), want %d; stderr %q", i, code, err, c.exit, stderr.String())
		}
		if stdout.String() != c.stdout {
			t.Errorf("cell %d: stdout %q, want %q", i, stdout.String(), c.stdout)
		}
		if !strings.Contains(stderr.String(), c.stderr) {
			t.Errorf("cell %d: stderr %q, want %q in it", i, stderr.String(), c.stderr)
		}
	}
}

func TestKernelFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want func(f *kernelFlags) bool
	}{
		{"defaults", nil, func(f *kernelFlags) bool {
			c := f.config()
			return c.CellTimeout > 0 && c.MemoryLimit == 1<<30 && c.OutputLimit == 2<<20 && c.MaxGoroutines > 0
		}},
		{"sizes", []string{"--memory-limit", "512MiB", "--output-limit", "64k"}, func(f *kernelFlags) bool {
			c := f.config()
			return c.MemoryLimit == 512<<20 && c.OutputLimit == 64<<10
		}},
		{"zero means no limit", []string{"--cell-timeout", "0", "--memory-limit", "0", "--max-goroutines", "0", "--max-kernels", "0", "--idle-timeout", "0"}, func(f *kernelFlags) bool {
			c, m := f.config(), f.managerConfig()
			return c.CellTimeout < 0 && c.MemoryLimit < 0 && c.MaxGoroutines < 0 && m.MaxKernels < 0 && m.IdleTimeout < 0
		}},
		{"manager", []string{"--max-kernels", "3", "--idle-timeout", "5m"}, func(f *kernelFlags) bool {
			m := f.managerConfig()
			return m.MaxKernels == 3 && m.IdleTimeout.Minutes() == 5
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := newFlagSet()
			f := addKernelFlags(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatalf("Parse(%q): %v", tt.args, err)
			}
			if !tt.want(f) {
				t.Errorf("flags %q gave %+v / %+v", tt.args, f.config(), f.managerConfig())
			}
		})
	}
}

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"1048576", 1 << 20, false},
		{"2MiB", 2 << 20, false},
		{"1GiB", 1 << 30, false},
		{"512kb", 512 << 10, false},
		{"3 G", 3 << 30, false},
		{"-1", 0, true},
		{"lots", 0, true},
		{"1TiB", 0, true},
	}
	for _, tt := range tests {
		got, err := parseByteSize(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func newFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}
