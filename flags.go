package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gonote/kernel"
)

// kernelFlags are the kernel limits that serve and exec share.
type kernelFlags struct {
	cellTimeout   time.Duration
	memoryLimit   byteSize
	outputLimit   byteSize
	maxGoroutines int
	maxKernels    int
	idleTimeout   time.Duration
	sandbox       bool
}

// addKernelFlags defines the kernel limit flags on fs, with the kernel
// package's defaults.
func addKernelFlags(fs *flag.FlagSet) *kernelFlags {
	f := &kernelFlags{memoryLimit: kernel.DefaultMemoryLimit, outputLimit: kernel.DefaultOutputLimit}
	fs.DurationVar(&f.cellTimeout, "cell-timeout", kernel.DefaultCellTimeout, "stop a cell after this wall time (0: no limit)")
	fs.Var(&f.memoryLimit, "memory-limit", "memory per kernel, like 1GiB or 512MiB (0: no limit)")
	fs.Var(&f.outputLimit, "output-limit", "output per cell, like 2MiB; beyond it the output is cut and the cell stopped (0: no limit)")
	fs.IntVar(&f.maxGoroutines, "max-goroutines", kernel.DefaultMaxGoroutines, "goroutines per kernel (0: no limit)")
	fs.IntVar(&f.maxKernels, "max-kernels", kernel.DefaultMaxKernels, "kernels alive at once (0: no limit)")
	fs.DurationVar(&f.idleTimeout, "idle-timeout", kernel.DefaultIdleTimeout, "shut down a kernel that ran nothing for this long (0: never)")
	fs.BoolVar(&f.sandbox, "sandbox", false, "run each kernel in its own Linux namespaces: no network, read-only system, private temp folder")
	return f
}

// noLimit turns the flags' "0: no limit" into the kernel's negative value.
func noLimit[T int | int64 | time.Duration](v T) T {
	if v == 0 {
		return -1
	}
	return v
}

// config returns the kernel configuration the flags describe.
func (f *kernelFlags) config() kernel.Config {
	return kernel.Config{
		CellTimeout:   noLimit(f.cellTimeout),
		MemoryLimit:   noLimit(int64(f.memoryLimit)),
		OutputLimit:   noLimit(int64(f.outputLimit)),
		MaxGoroutines: noLimit(f.maxGoroutines),
		Sandbox:       f.sandbox,
	}
}

// managerConfig returns the configuration of a kernel manager.
func (f *kernelFlags) managerConfig() kernel.ManagerConfig {
	return kernel.ManagerConfig{
		Kernel:      f.config(),
		MaxKernels:  noLimit(f.maxKernels),
		IdleTimeout: noLimit(f.idleTimeout),
	}
}

// byteSize is a flag holding a number of bytes, written as 1048576,
// 512KiB, 2MiB, 1GiB (or with KB, MB, GB, K, M, G meaning the same
// powers of 1024).
type byteSize int64

func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(s string) error {
	n, err := parseByteSize(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

// parseByteSize parses a size such as "2MiB" into bytes.
func parseByteSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	lower := strings.ToLower(t)
	for _, u := range []struct {
		suffix string
		size   int64
	}{
		{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
		{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30},
		{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1},
	} {
		if strings.HasSuffix(lower, u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.size
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("invalid size %q: want a number of bytes such as 1048576, 512KiB, 2MiB or 1GiB", s)
	}
	return n * mult, nil
}
