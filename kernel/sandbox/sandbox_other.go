//go:build !linux

package sandbox

import (
	"fmt"
	"os/exec"
)

// Command fails: namespaces exist only on Linux.
func Command(cmd *exec.Cmd, opts Options) error {
	return ErrUnsupported
}

// Enter fails when a sandbox was requested, since it cannot be built here,
// and does nothing otherwise.
func Enter() error {
	if Requested() {
		return fmt.Errorf("%w: %w", ErrSetup, ErrUnsupported)
	}
	return nil
}

// Check fails: namespaces exist only on Linux.
func Check(pid int) error {
	return ErrUnsupported
}
