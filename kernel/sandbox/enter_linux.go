package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// stageDir is where the new root is assembled before pivot_root. It is a
// directory every Linux system has; the tmpfs mounted over it lives only
// in the worker's private mount namespace.
const stageDir = "/tmp"

// systemDirs are bound read-only into the view, or recreated as the same
// symlinks on merged-usr systems.
var systemDirs = []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}

// etcEntries are the parts of /etc a Go program may read: user and host
// names, time zone, MIME types and TLS roots. Missing ones are skipped.
var etcEntries = []string{
	"/etc/passwd", "/etc/group", "/etc/hosts", "/etc/nsswitch.conf",
	"/etc/localtime", "/etc/timezone", "/etc/mime.types",
	"/etc/ssl", "/etc/ca-certificates",
}

// devices are bound from the host's /dev.
var devices = []string{"null", "zero", "full", "random", "urandom"}

// Enter finishes the sandbox from inside the namespaces Command created. It
// must be the first thing the sandboxed program does, before it starts
// goroutines or reads input. Without Command's marker in the environment it
// does nothing and returns nil.
//
// On its first call Enter builds the view, drops every right and
// re-executes the program, so it does not return on success; in the
// re-executed program it checks the result, removes its marker from the
// environment and returns nil. Any error wraps ErrSetup, and the program
// must then exit without running anything.
func Enter() error {
	if os.Getenv(envStage) == "2" {
		if err := verify(); err != nil {
			return fmt.Errorf("%w: %w", ErrSetup, err)
		}
		os.Unsetenv(envStage)
		// Executed as /proc/self/exe, the process would be listed as
		// "exe"; give it back its own name. Only cosmetic, so an error
		// is ignored.
		_ = os.WriteFile("/proc/self/comm", []byte(filepath.Base(os.Args[0])), 0)
		return nil
	}
	raw, ok := os.LookupEnv(envOptions)
	if !ok {
		return nil
	}
	opts, err := decodeOptions(raw)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrSetup, err)
	}
	// Credentials are per thread: the drop happens on this one, which is
	// then the only thread to survive the exec. It is never unlocked.
	runtime.LockOSThread()
	if err := setup(opts); err != nil {
		return fmt.Errorf("%w: %w", ErrSetup, err)
	}
	return nil // unreachable: setup execs on success
}

// setup builds the view, drops rights and re-executes the program.
func setup(opts Options) error {
	if os.Getpid() != 1 {
		return errors.New("not started through sandbox.Command: the process is not PID 1 of a new PID namespace")
	}
	lastCap, err := readLastCap()
	if err != nil {
		return err
	}
	if err := buildRoot(opts); err != nil {
		return err
	}
	if err := unix.Sethostname([]byte("gonote")); err != nil {
		return fmt.Errorf("set host name: %w", err)
	}
	if err := dropRights(lastCap); err != nil {
		return err
	}
	// The options, which name host paths, are not passed on: the
	// re-executed worker's environment is readable in /proc/self/environ.
	env := withEnv(os.Environ(), map[string]string{
		envStage: "2",
		"HOME":   "/tmp",
		"TMPDIR": "/tmp",
		"PWD":    "/tmp",
		"PATH":   "/usr/local/bin:/usr/bin:/bin",
	}, envOptions)
	// /proc/self/exe reaches the binary even though its file system is no
	// longer visible.
	if err := syscall.Exec("/proc/self/exe", os.Args, env); err != nil {
		return fmt.Errorf("re-execute the worker: %w", err)
	}
	return nil
}

// readLastCap reads the highest capability number the kernel knows.
func readLastCap() (int, error) {
	b, err := os.ReadFile("/proc/sys/kernel/cap_last_cap")
	if err != nil {
		return 0, fmt.Errorf("read capability count: %w", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, fmt.Errorf("read capability count: %w", err)
	}
	return n, nil
}

// buildRoot assembles the view on a tmpfs at stageDir, pivots into it,
// covers the hidden paths and makes the root read-only. The working
// directory ends up at /tmp.
func buildRoot(opts Options) error {
	// Nothing mounted from here on may leak back to the host.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make mounts private: %w", err)
	}
	root := stageDir
	if err := unix.Mount("gonote", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755,size=1m"); err != nil {
		return fmt.Errorf("mount root tmpfs: %w", err)
	}
	for _, p := range systemDirs {
		if err := mirror(p, root+p); err != nil {
			return err
		}
	}
	if err := os.Mkdir(root+"/etc", 0o755); err != nil {
		return fmt.Errorf("make /etc: %w", err)
	}
	for _, p := range etcEntries {
		if err := mirror(p, root+p); err != nil {
			return err
		}
	}
	if err := buildDev(root + "/dev"); err != nil {
		return err
	}
	if err := os.Mkdir(root+"/proc", 0o555); err != nil {
		return fmt.Errorf("make /proc: %w", err)
	}
	if err := unix.Mount("proc", root+"/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("mount /proc: %w", err)
	}
	if err := os.Mkdir(root+"/tmp", 0o755); err != nil {
		return fmt.Errorf("make /tmp: %w", err)
	}
	data := fmt.Sprintf("mode=1777,size=%d", opts.tempSize())
	if err := unix.Mount("gonote-tmp", root+"/tmp", "tmpfs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, data); err != nil {
		return fmt.Errorf("mount /tmp: %w", err)
	}

	if err := os.Chdir(root); err != nil {
		return fmt.Errorf("enter new root: %w", err)
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	// The old root is now stacked on top of the new one: detach it.
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detach old root: %w", err)
	}
	if err := os.Chdir("/"); err != nil {
		return fmt.Errorf("enter new root: %w", err)
	}
	// Hidden paths are resolved only now, so no symlink can lead outside.
	for _, p := range opts.Hide {
		if err := hide(p); err != nil {
			return err
		}
	}
	if err := unix.Mount("", "/", "", unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, ""); err != nil {
		return fmt.Errorf("make root read-only: %w", err)
	}
	if err := os.Chdir("/tmp"); err != nil {
		return fmt.Errorf("enter /tmp: %w", err)
	}
	return nil
}

// mirror makes host path src visible at dst in the new root: a directory or
// file as a read-only bind mount, a symlink as the same symlink. A missing
// src is skipped.
func mirror(src, dst string) error {
	fi, err := os.Lstat(src)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("look at %s: %w", src, err)
	}
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		target, err := os.Readlink(src)
		if err != nil {
			return fmt.Errorf("read link %s: %w", src, err)
		}
		if err := os.Symlink(target, dst); err != nil {
			return fmt.Errorf("link %s: %w", dst, err)
		}
		return nil
	case fi.IsDir():
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return fmt.Errorf("make %s: %w", dst, err)
		}
	default:
		if err := touch(dst); err != nil {
			return err
		}
	}
	return bind(src, dst, unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV)
}

// bind bind-mounts src onto dst and then applies flags, keeping the flags
// the source mount already had (a user namespace may not clear them).
func bind(src, dst string, flags uintptr) error {
	if err := unix.Mount(src, dst, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("bind %s: %w", src, err)
	}
	var st unix.Statfs_t
	if err := unix.Statfs(dst, &st); err != nil {
		return fmt.Errorf("stat mount %s: %w", dst, err)
	}
	const kept = unix.ST_RDONLY | unix.ST_NOSUID | unix.ST_NODEV | unix.ST_NOEXEC |
		unix.ST_NOATIME | unix.ST_NODIRATIME | unix.ST_RELATIME
	flags |= uintptr(st.Flags) & kept
	if err := unix.Mount("", dst, "", unix.MS_REMOUNT|unix.MS_BIND|flags, ""); err != nil {
		return fmt.Errorf("restrict %s: %w", dst, err)
	}
	return nil
}

// touch creates an empty file to bind a file onto.
func touch(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("make %s: %w", filepath.Dir(path), err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("make %s: %w", path, err)
	}
	return f.Close()
}

// buildDev makes a minimal /dev: a few harmless devices and the fd links.
func buildDev(dev string) error {
	if err := os.Mkdir(dev, 0o755); err != nil {
		return fmt.Errorf("make /dev: %w", err)
	}
	for _, d := range devices {
		if err := touch(dev + "/" + d); err != nil {
			return err
		}
		if err := bind("/dev/"+d, dev+"/"+d, unix.MS_NOSUID|unix.MS_NOEXEC); err != nil {
			return err
		}
	}
	links := [][2]string{
		{"/proc/self/fd", "fd"},
		{"/proc/self/fd/0", "stdin"},
		{"/proc/self/fd/1", "stdout"},
		{"/proc/self/fd/2", "stderr"},
	}
	for _, l := range links {
		if err := os.Symlink(l[0], dev+"/"+l[1]); err != nil {
			return fmt.Errorf("link /dev/%s: %w", l[1], err)
		}
	}
	return nil
}

// hide covers path, if it is visible in the new root, with something
// empty and read-only: a tmpfs for a directory, /dev/null for a file. The
// root and the sandbox's own /tmp, /proc and /dev hold nothing of the
// host's and are left alone.
func hide(path string) error {
	path = filepath.Clean(path)
	if !filepath.IsAbs(path) || path == "/" {
		return nil
	}
	for _, own := range []string{"/tmp", "/proc", "/dev"} {
		if path == own || strings.HasPrefix(path, own+"/") {
			return nil
		}
	}
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, unix.EACCES) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("look at %s: %w", path, err)
	}
	if fi.IsDir() {
		if err := unix.Mount("gonote-hidden", path, "tmpfs", unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "size=4k,mode=0555"); err != nil {
			return fmt.Errorf("hide %s: %w", path, err)
		}
		return nil
	}
	return bind("/dev/null", path, unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NOEXEC)
}

// dropRights empties every capability set of the calling thread, switches
// root to nobody, and sets no_new_privs. Only this thread survives the exec
// that follows, so the other threads of the runtime need not be touched.
func dropRights(lastCap int) error {
	for c := 0; c <= lastCap; c++ {
		if err := prctl(unix.PR_CAPBSET_DROP, uintptr(c), 0); err != nil {
			return fmt.Errorf("drop capability %d from the bounding set: %w", c, err)
		}
	}
	if err := prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0); err != nil {
		return fmt.Errorf("clear ambient capabilities: %w", err)
	}
	if uid, _, _ := unix.RawSyscall(unix.SYS_GETUID, 0, 0, 0); uid == 0 {
		if _, _, e := unix.RawSyscall(unix.SYS_SETGROUPS, 0, 0, 0); e != 0 {
			return fmt.Errorf("clear groups: %w", e)
		}
		if _, _, e := unix.RawSyscall(unix.SYS_SETRESGID, nobody, nobody, nobody); e != 0 {
			return fmt.Errorf("switch to group nobody: %w", e)
		}
		if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, nobody, nobody, nobody); e != 0 {
			return fmt.Errorf("switch to user nobody: %w", e)
		}
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if _, _, e := unix.RawSyscall(unix.SYS_CAPSET, uintptr(unsafe.Pointer(&hdr)), uintptr(unsafe.Pointer(&data[0])), 0); e != 0 {
		return fmt.Errorf("clear capabilities: %w", e)
	}
	if err := prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0); err != nil {
		return fmt.Errorf("set no_new_privs: %w", err)
	}
	// A change of user clears the parent-death signal; set it again.
	if err := prctl(unix.PR_SET_PDEATHSIG, uintptr(unix.SIGKILL), 0); err != nil {
		return fmt.Errorf("set parent-death signal: %w", err)
	}
	return nil
}

// prctl calls prctl(2) on the calling thread only.
func prctl(option int, arg2, arg3 uintptr) error {
	if _, _, e := unix.RawSyscall6(unix.SYS_PRCTL, uintptr(option), arg2, arg3, 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

// verify checks, after the re-exec, that the sandbox is in place.
func verify() error {
	if os.Getpid() != 1 {
		return errors.New("not PID 1 of a private PID namespace")
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return fmt.Errorf("read capabilities: %w", err)
	}
	for _, d := range data {
		if d.Effective|d.Permitted|d.Inheritable != 0 {
			return fmt.Errorf("capabilities left: %+v", data)
		}
	}
	if n, err := unix.PrctlRetInt(unix.PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0); err != nil || n != 1 {
		return fmt.Errorf("no_new_privs is not set (%d, %v)", n, err)
	}
	var st unix.Statfs_t
	if err := unix.Statfs("/", &st); err != nil {
		return fmt.Errorf("stat root: %w", err)
	}
	if st.Flags&unix.ST_RDONLY == 0 {
		return errors.New("root is writable")
	}
	if wd, err := os.Getwd(); err != nil || wd != "/tmp" {
		return fmt.Errorf("working directory is %q (%v), want /tmp", wd, err)
	}
	return nil
}
