package workerbin

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestMain lets the test binary play a worker loaded by load: with
// childEnv set it prints what the worker would see of itself.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		exe, err := os.Readlink("/proc/self/exe")
		if err != nil {
			exe = err.Error()
		}
		os.Stdout.WriteString(exe + "\n" + strings.Join(os.Args, " ") + "\n")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const childEnv = "WORKERBIN_TEST_CHILD"

// TestLoad: a loaded binary runs from its memfd, by the path load gives,
// even when the supervisor's pipes take fd 3 and 4 in the child; and
// nobody can change it.
func TestLoad(t *testing.T) {
	self, err := os.ReadFile("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	path, err := load(self)
	if err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	cmd := exec.Command(path, "kernel")
	cmd.Args[0] = Name
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.ExtraFiles = []*os.File{r, w}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("run %s: %v", path, err)
	}
	if want := "/memfd:" + Name + " (deleted)\n" + Name + " kernel\n"; string(out) != want {
		t.Errorf("the loaded binary saw itself as %q, want %q", out, want)
	}

	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte("#!"), 0); !errors.Is(err, unix.EPERM) {
		t.Errorf("write to the loaded binary: %v, want EPERM", err)
	}
	seals, err := unix.FcntlInt(f.Fd(), unix.F_GET_SEALS, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []int{unix.F_SEAL_WRITE, unix.F_SEAL_SHRINK, unix.F_SEAL_GROW, unix.F_SEAL_SEAL} {
		if seals&s == 0 {
			t.Errorf("seals %#x lack %#x", seals, s)
		}
	}
	if err := unix.Ftruncate(int(f.Fd()), 0); !errors.Is(err, unix.EPERM) && !errors.Is(err, unix.EINVAL) {
		t.Errorf("truncate the loaded binary: %v, want EPERM", err)
	}
}

// embeddedLike stands for the embedded binary in TestCopyFromExecutable:
// a constant lies in the executable's read-only data, as embedded files do.
const embeddedLike = "\x7fELF is how the embedded binary starts; this constant is long enough " +
	"for both of the checks at its ends, which read 64 bytes each, and it ends here."

// TestCopyFromExecutable: bytes of the executable are copied without
// reading them through memory, and the copy is exact.
func TestCopyFromExecutable(t *testing.T) {
	bin := unsafe.Slice(unsafe.StringData(embeddedLike), len(embeddedLike))
	fd, err := unix.MemfdCreate("test", unix.MFD_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	f := os.NewFile(uintptr(fd), "test")
	defer f.Close()
	if err := copyFromExecutable(f, bin); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(io.NewSectionReader(f, 0, 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != embeddedLike {
		t.Errorf("copied %q, want %q", got, embeddedLike)
	}
	// A slice outside the executable, as on the heap, is refused, and
	// load writes it instead.
	if err := copyFromExecutable(f, []byte(strings.Repeat("x", 128))); err == nil {
		t.Error("copied a heap slice from the executable")
	}
}
