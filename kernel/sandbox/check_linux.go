package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Check verifies from the outside that process pid, started through Command,
// is sandboxed: it is in other mount, network, PID, IPC, UTS and cgroup
// namespaces than the caller, its root is not the caller's, it holds no
// capabilities and no_new_privs is set. The supervisor calls it once the
// worker is ready, so that a worker that never called Enter is caught
// instead of running cells half-sandboxed.
func Check(pid int) error {
	proc := fmt.Sprintf("/proc/%d", pid)
	for _, ns := range []string{"mnt", "net", "pid", "ipc", "uts", "cgroup"} {
		mine, err := os.Readlink("/proc/self/ns/" + ns)
		if err != nil {
			return fmt.Errorf("check sandbox of %d: %w", pid, err)
		}
		theirs, err := os.Readlink(proc + "/ns/" + ns)
		if err != nil {
			return fmt.Errorf("check sandbox of %d: %w", pid, err)
		}
		if mine == theirs {
			return fmt.Errorf("check sandbox of %d: it shares this process's %s namespace", pid, ns)
		}
	}
	// The trailing slash makes Stat follow the link to the process's root.
	root, err := os.Stat(filepath.Join(proc, "root") + "/")
	if err != nil {
		return fmt.Errorf("check sandbox of %d: %w", pid, err)
	}
	host, err := os.Stat("/")
	if err != nil {
		return fmt.Errorf("check sandbox of %d: %w", pid, err)
	}
	if os.SameFile(root, host) {
		return fmt.Errorf("check sandbox of %d: it sees the host's file system (did it call sandbox.Enter?)", pid)
	}
	b, err := os.ReadFile(proc + "/status")
	if err != nil {
		return fmt.Errorf("check sandbox of %d: %w", pid, err)
	}
	want := map[string]string{
		"CapInh": "0000000000000000", "CapPrm": "0000000000000000",
		"CapEff": "0000000000000000", "CapBnd": "0000000000000000",
		"CapAmb": "0000000000000000", "NoNewPrivs": "1",
	}
	seen := 0
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, ":")
		w, ok := want[k]
		if !ok {
			continue
		}
		seen++
		if v = strings.TrimSpace(v); v != w {
			return fmt.Errorf("check sandbox of %d: %s is %s, want %s", pid, k, v, w)
		}
	}
	if seen != len(want) {
		return errors.New("check sandbox: /proc status lacks capability lines")
	}
	return nil
}
