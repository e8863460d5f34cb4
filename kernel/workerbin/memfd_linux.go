package workerbin

import (
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// minFD is the least descriptor number the memfd is kept at. A worker
// is executed by the path /proc/self/fd/N, which the child resolves in its
// own descriptor table just before execve, after the supervisor's pipes
// were moved to fd 3 and 4: N must be above them.
const minFD = 10

// load copies bin into a sealed memfd, which this process keeps open, and
// returns the path that executes it.
func load(bin []byte) (string, error) {
	const flags = unix.MFD_CLOEXEC | unix.MFD_ALLOW_SEALING
	fd, err := unix.MemfdCreate(Name, flags|unix.MFD_EXEC)
	if errors.Is(err, unix.EINVAL) {
		// Before Linux 6.3 there was no MFD_EXEC: every memfd could
		// be executed.
		fd, err = unix.MemfdCreate(Name, flags)
	}
	if err != nil {
		return "", fmt.Errorf("memfd_create: %w", err)
	}
	f := os.NewFile(uintptr(fd), Name)
	defer f.Close()
	if err := copyFromExecutable(f, bin); err != nil {
		if _, err := f.WriteAt(bin, 0); err != nil {
			return "", fmt.Errorf("write memfd: %w", err)
		}
	}
	// Sealed, the file can no longer change: a cell that opens its
	// worker's /proc/self/exe for writing gets EPERM, and cannot plant
	// code in the next kernels.
	const seals = unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE | unix.F_SEAL_SEAL
	_, err = unix.FcntlInt(f.Fd(), unix.F_ADD_SEALS, seals|unix.F_SEAL_EXEC)
	if errors.Is(err, unix.EINVAL) {
		// F_SEAL_EXEC (which fixes the file's mode) is new in Linux 6.3.
		_, err = unix.FcntlInt(f.Fd(), unix.F_ADD_SEALS, seals)
	}
	if err != nil {
		return "", fmt.Errorf("seal memfd: %w", err)
	}
	high, err := unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, minFD)
	if err != nil {
		return "", fmt.Errorf("dup memfd: %w", err)
	}
	return "/proc/self/fd/" + strconv.Itoa(high), nil
}

// copyFromExecutable fills dst with bin, which lies in this executable's
// read-only data, by copying the file's bytes in the kernel: a copy
// through memory would first fault in every page of bin, which takes
// three times as long.
func copyFromExecutable(dst *os.File, bin []byte) error {
	exe, err := os.Open("/proc/self/exe")
	if err != nil {
		return err
	}
	defer exe.Close()
	ef, err := elf.NewFile(exe)
	if err != nil {
		return err
	}
	addr := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(bin))))
	n := int64(len(bin))
	for _, p := range ef.Progs {
		if p.Type != elf.PT_LOAD || addr < p.Vaddr || addr+uint64(n) > p.Vaddr+p.Filesz {
			continue
		}
		off := int64(p.Off + addr - p.Vaddr)
		for n > 0 {
			w, err := unix.Sendfile(int(dst.Fd()), int(exe.Fd()), &off, int(n))
			if err != nil {
				return err
			}
			if w == 0 {
				return io.ErrUnexpectedEOF
			}
			n -= int64(w)
		}
		// The executable is the file this process runs, so the bytes
		// are bin's; check both ends anyway.
		if !sameAt(dst, bin, 0) || !sameAt(dst, bin, int64(len(bin))-64) {
			return errors.New("copy differs from the embedded binary")
		}
		return nil
	}
	return errors.New("embedded binary not found in the executable's segments")
}

// sameAt reports whether f holds the 64 bytes of bin at off.
func sameAt(f *os.File, bin []byte, off int64) bool {
	if off < 0 || off+64 > int64(len(bin)) {
		return false
	}
	var b [64]byte
	_, err := f.ReadAt(b[:], off)
	return err == nil && string(b[:]) == string(bin[off:off+64])
}
