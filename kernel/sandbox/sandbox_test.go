//go:build linux

package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gonote/kernel/sandbox"
)

// The test binary plays several roles, chosen by roleEnv: the tests, a
// probe that tries every escape and reports what happened, a launcher that
// starts a sandboxed probe as a normal user would (for the unprivileged
// test), and kernel workers (for the tests with real cells), one of which
// forgets to enter its sandbox.
const (
	roleEnv = "GONOTE_SANDBOX_TEST_ROLE"
	specEnv = "GONOTE_SANDBOX_TEST_SPEC"
)

func TestMain(m *testing.M) {
	switch os.Getenv(roleEnv) {
	case "probe":
		os.Exit(probeMain())
	case "launch":
		os.Exit(launchMain())
	case "worker":
		os.Exit(workerMain())
	case "careless worker":
		os.Exit(carelessWorkerMain())
	}
	os.Exit(m.Run())
}

// spec lists what a probe tries.
type spec struct {
	Dial     []string `json:"dial"`      // TCP addresses to connect to
	DialUnix []string `json:"dial_unix"` // Unix socket addresses ("@name" is abstract)
	Write    []string `json:"write"`     // files to create
	Read     []string `json:"read"`      // files to read
	Signal   []int    `json:"signal"`    // PIDs to send signal 0
	// Hold keeps the probe alive after its report until its stdin ends.
	Hold bool `json:"hold"`
	// Copy copies a file (From) to another (To), keeping it executable,
	// before the Exec attempts.
	Copy struct{ From, To string } `json:"copy"`
	// Exec lists programs to run.
	Exec []string `json:"exec"`
	// List lists directories whose entries to count.
	List []string `json:"list"`
	// Fill writes this many bytes to FillPath.
	Fill     int64  `json:"fill"`
	FillPath string `json:"fill_path"`
}

// report is what a probe saw. In the maps, "" means the attempt succeeded;
// anything else is the error it got.
type report struct {
	Dial     map[string]string `json:"dial"`
	DialUnix map[string]string `json:"dial_unix"`
	Write    map[string]string `json:"write"`
	Read     map[string]string `json:"read"`
	Content  map[string]string `json:"content"` // what each successful read returned
	Signal   map[string]string `json:"signal"`
	PIDs     []int             `json:"pids"` // numeric entries of /proc
	UID      int               `json:"uid"`
	Hostname string            `json:"hostname"`
	Wd       string            `json:"wd"`
	TempDir  string            `json:"temp_dir"`
	Status   map[string]string `json:"status"` // selected lines of /proc/self/status
	Env      []string          `json:"env"`
	// Check is what sandbox.Check said about the probe ("" for nil); only
	// the launcher fills it in.
	Check string            `json:"check"`
	Copy  string            `json:"copy"`
	Exec  map[string]string `json:"exec"`
	Fill  string            `json:"fill"`
	// List has each listed directory's number of entries, -1 on error.
	List map[string]int `json:"list"`
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	if s := err.Error(); s != "" {
		return s
	}
	return "failed"
}

// probeMain is the sandboxed (or not) child: it enters the sandbox if asked
// to, tries everything in the spec and prints a JSON report.
func probeMain() int {
	if err := sandbox.Enter(); err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		return 3
	}
	var s spec
	if err := json.Unmarshal([]byte(os.Getenv(specEnv)), &s); err != nil {
		fmt.Fprintln(os.Stderr, "probe: spec:", err)
		return 4
	}
	r := report{
		Dial: map[string]string{}, DialUnix: map[string]string{}, Write: map[string]string{},
		Read: map[string]string{}, Content: map[string]string{}, Signal: map[string]string{},
		Status: map[string]string{},
	}
	for _, a := range s.Dial {
		c, err := net.DialTimeout("tcp", a, 2*time.Second)
		if err == nil {
			c.Close()
		}
		r.Dial[a] = errText(err)
	}
	for _, a := range s.DialUnix {
		c, err := net.DialTimeout("unix", a, 2*time.Second)
		if err == nil {
			c.Close()
		}
		r.DialUnix[a] = errText(err)
	}
	for _, p := range s.Write {
		r.Write[p] = errText(os.WriteFile(p, []byte("written by a probe\n"), 0o644))
	}
	for _, p := range s.Read {
		b, err := os.ReadFile(p)
		r.Read[p] = errText(err)
		if err == nil {
			r.Content[p] = string(b)
		}
	}
	if s.Copy.From != "" {
		b, err := os.ReadFile(s.Copy.From)
		if err == nil {
			err = os.WriteFile(s.Copy.To, b, 0o755)
		}
		r.Copy = errText(err)
	}
	r.List = map[string]int{}
	for _, d := range s.List {
		ents, err := os.ReadDir(d)
		r.List[d] = len(ents)
		if err != nil {
			r.List[d] = -1
		}
	}
	r.Exec = map[string]string{}
	for _, p := range s.Exec {
		r.Exec[p] = errText(exec.Command(p).Run())
	}
	if s.Fill > 0 {
		r.Fill = errText(os.WriteFile(s.FillPath, make([]byte, s.Fill), 0o644))
	}
	for _, pid := range s.Signal {
		r.Signal[strconv.Itoa(pid)] = errText(syscall.Kill(pid, 0))
	}
	if ents, err := os.ReadDir("/proc"); err == nil {
		for _, e := range ents {
			if n, err := strconv.Atoi(e.Name()); err == nil {
				r.PIDs = append(r.PIDs, n)
			}
		}
	}
	r.UID = os.Getuid()
	r.Hostname, _ = os.Hostname()
	r.Wd, _ = os.Getwd()
	r.TempDir = os.TempDir()
	r.Env = os.Environ()
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if ok && (strings.HasPrefix(k, "Cap") || k == "NoNewPrivs") {
				r.Status[k] = strings.TrimSpace(v)
			}
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		fmt.Fprintln(os.Stderr, "probe: report:", err)
		return 5
	}
	if s.Hold {
		io.Copy(io.Discard, os.Stdin)
	}
	return 0
}

// launchMain starts a sandboxed probe with the same spec, checks it from
// the outside with sandbox.Check while it is alive, and prints its report
// with the check's verdict. The tests run it as an unprivileged user.
func launchMain() int {
	fail := func(what string, err error) int {
		fmt.Fprintf(os.Stderr, "launch: %s: %v\n", what, err)
		return 6
	}
	exe, err := os.Executable()
	if err != nil {
		return fail("find executable", err)
	}
	var s spec
	if err := json.Unmarshal([]byte(os.Getenv(specEnv)), &s); err != nil {
		return fail("spec", err)
	}
	s.Hold = true
	js, err := json.Marshal(s)
	if err != nil {
		return fail("spec", err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fail("pipe", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fail("pipe", err)
	}
	vars := []string{roleEnv + "=probe", specEnv + "=" + string(js)}
	if err := sandbox.Command(cmd, sandbox.Options{Env: vars}); err != nil {
		return fail("sandbox", err)
	}
	if err := cmd.Start(); err != nil {
		return fail("start probe", err)
	}
	var r report
	derr := json.NewDecoder(stdout).Decode(&r)
	r.Check = errText(sandbox.Check(cmd.Process.Pid))
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		return fail("probe", err)
	}
	if derr != nil {
		return fail("probe report", derr)
	}
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		return fail("report", err)
	}
	return 0
}

// fixture is the "server" a probe attacks: listeners and files of the test.
type fixture struct {
	tcp      string // a TCP listener on 127.0.0.1
	tcp6     string // a TCP listener on ::1, or ""
	external string // a TCP listener on a non-loopback address, or ""
	abstract string // an abstract Unix socket
	unixPath string // a Unix socket in the test's directory
	token    string // a secret file
	secret   string // its content
	outside  string // a writable directory outside the sandbox
}

// newFixture opens the listeners and files. Everything is closed and every
// goroutine waited for when the test ends.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	fx := &fixture{
		secret:  fmt.Sprintf("token-%d-%d", os.Getpid(), time.Now().UnixNano()),
		token:   filepath.Join(dir, "token"),
		outside: filepath.Join(dir, "out"),
	}
	if err := os.WriteFile(fx.token, []byte(fx.secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(fx.outside, 0o777); err != nil {
		t.Fatal(err)
	}
	// Mkdir applies the umask; the unprivileged probe must be able to write.
	if err := os.Chmod(fx.outside, 0o777); err != nil {
		t.Fatal(err)
	}
	fx.tcp = listen(t, "tcp", "127.0.0.1:0")
	if addr := tryListen(t, "tcp", "[::1]:0"); addr != "" {
		fx.tcp6 = addr
	}
	if ip := externalIP(); ip != "" {
		fx.external = listen(t, "tcp", net.JoinHostPort(ip, "0"))
	}
	fx.abstract = listen(t, "unix", fmt.Sprintf("@gonote-sandbox-test-%d-%s", os.Getpid(), t.Name()))
	fx.unixPath = listen(t, "unix", filepath.Join(dir, "sock"))
	if err := os.Chmod(fx.unixPath, 0o777); err != nil {
		t.Fatal(err)
	}
	return fx
}

// listen opens a listener that accepts and closes connections until the
// test ends, and returns its address.
func listen(t *testing.T, network, addr string) string {
	t.Helper()
	got := tryListen(t, network, addr)
	if got == "" {
		t.Fatalf("listen %s %s failed", network, addr)
	}
	return got
}

func tryListen(t *testing.T, network, addr string) string {
	t.Helper()
	ln, err := net.Listen(network, addr)
	if err != nil {
		t.Logf("listen %s %s: %v", network, addr, err)
		return ""
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return ln.Addr().String()
}

// externalIP returns a non-loopback IPv4 address of this machine, or "".
func externalIP() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	return ""
}

// dials lists the TCP addresses to try: the fixture's listeners and, when
// sandboxed, an address on the internet (unsandboxed, that one would depend
// on the machine's network, so it is left out).
func (fx *fixture) dials(sandboxed bool) []string {
	d := []string{fx.tcp}
	if fx.tcp6 != "" {
		d = append(d, fx.tcp6)
	}
	if fx.external != "" {
		d = append(d, fx.external)
	}
	if sandboxed {
		d = append(d, "192.0.2.1:80", "1.1.1.1:443")
	}
	return d
}

// probe runs the test binary as a probe and decodes its report. vars are
// the probe's own environment variables (its role); adjust changes the
// command (sandboxing it, changing its user) before it starts.
func probe(t *testing.T, exe string, s spec, vars []string, adjust func(cmd *exec.Cmd, vars []string)) report {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	vars = append(slices.Clip(vars), specEnv+"="+string(js))
	cmd := exec.CommandContext(ctx, exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), vars...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if adjust != nil {
		adjust(cmd, vars)
	}
	if err := cmd.Run(); err != nil {
		t.Fatalf("probe: %v\nstderr:\n%s", err, stderr.String())
	}
	var r report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("probe report: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	return r
}

// sandboxed returns an adjust function for probe that sandboxes the probe.
func sandboxed(t *testing.T, opts sandbox.Options) func(*exec.Cmd, []string) {
	return func(cmd *exec.Cmd, vars []string) {
		opts.Env = vars
		if err := sandbox.Command(cmd, opts); err != nil {
			t.Fatalf("sandbox.Command: %v", err)
		}
	}
}

// setSecret puts a secret in the test's environment, as a server might
// hold one, and returns its NAME=value.
func setSecret(t *testing.T) string {
	const name = "GONOTE_TEST_SERVER_SECRET"
	v := fmt.Sprintf("secret-%d", time.Now().UnixNano())
	t.Setenv(name, v)
	return name + "=" + v
}

func testExe(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

// checkBlocked asserts that every attempt in m failed.
func checkBlocked(t *testing.T, what string, m map[string]string, keys []string) {
	t.Helper()
	for _, k := range keys {
		errText, ok := m[k]
		switch {
		case !ok:
			t.Errorf("%s %s: not tried", what, k)
		case errText == "":
			t.Errorf("%s %s succeeded in the sandbox, want an error", what, k)
		}
	}
}

// checkAllowed asserts that every attempt in m succeeded.
func checkAllowed(t *testing.T, what string, m map[string]string, keys []string) {
	t.Helper()
	for _, k := range keys {
		errText, ok := m[k]
		switch {
		case !ok:
			t.Errorf("%s %s: not tried", what, k)
		case errText != "":
			t.Errorf("%s %s failed: %s, want success", what, k, errText)
		}
	}
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// TestSandboxBlocksEscapes runs the same probes with and without the
// sandbox: each escape succeeds without it, as documented, and fails with
// it.
func TestSandboxBlocksEscapes(t *testing.T) {
	exe := testExe(t)
	fx := newFixture(t)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	env := []string{roleEnv + "=probe"}
	secret := setSecret(t)

	t.Run("without sandbox", func(t *testing.T) {
		s := spec{
			Dial:     fx.dials(false),
			DialUnix: []string{fx.abstract, fx.unixPath},
			Write:    []string{filepath.Join(fx.outside, "plain")},
			Read:     []string{fx.token},
			Signal:   []int{os.Getpid()},
		}
		r := probe(t, exe, s, env, nil)
		checkAllowed(t, "dial", r.Dial, s.Dial)
		checkAllowed(t, "dial unix", r.DialUnix, s.DialUnix)
		checkAllowed(t, "write", r.Write, s.Write)
		checkAllowed(t, "read", r.Read, s.Read)
		checkAllowed(t, "signal", r.Signal, []string{strconv.Itoa(os.Getpid())})
		if got := r.Content[fx.token]; got != fx.secret {
			t.Errorf("read %s = %q, want %q", fx.token, got, fx.secret)
		}
		if !fileExists(s.Write[0]) {
			t.Errorf("write %s reported success, but the file is not there", s.Write[0])
		}
		if !slices.Contains(r.PIDs, os.Getpid()) {
			t.Errorf("/proc lists %d PIDs without the test's own %d", len(r.PIDs), os.Getpid())
		}
		if r.Wd != wd {
			t.Errorf("working directory = %q, want %q", r.Wd, wd)
		}
		if !slices.Contains(r.Env, secret) {
			t.Errorf("environment without the sandbox lacks %s, want it inherited", secret)
		}
	})

	t.Run("with sandbox", func(t *testing.T) {
		requireNamespaces(t)
		unique := fmt.Sprintf("gonote-sandbox-probe-%d-%d", os.Getpid(), time.Now().UnixNano())
		escapes := []string{
			filepath.Join(fx.outside, "escaped"),
			filepath.Join(wd, unique),
			"/etc/" + unique,
			"/usr/" + unique,
			"/" + unique,
			"/proc/" + unique,
		}
		inside := "/tmp/" + unique
		secretFiles := []string{
			fx.token,
			"/etc/shadow",
			fmt.Sprintf("/proc/%d/environ", os.Getpid()),
			fmt.Sprintf("/proc/%d/cmdline", os.Getpid()),
			filepath.Join(wd, "sandbox_test.go"),
		}
		s := spec{
			Dial:     fx.dials(true),
			DialUnix: []string{fx.abstract, fx.unixPath},
			Write:    append(escapes, inside),
			Read:     append(secretFiles, "/etc/passwd", "/etc/hosts", "/dev/null", "/proc/self/environ", "/proc/self/cgroup", "/proc/self/comm"),
			Signal:   []int{os.Getpid(), os.Getppid()},
			List:     []string{"/usr/share", "/usr/lib"},
		}
		// Hiding the sandbox's own /tmp, /proc or /dev (say, the server
		// runs in /tmp) must not take them away.
		hide := []string{"/etc/hosts", "/usr/share/", "/tmp", "/proc", "/dev/"}
		r := probe(t, exe, s, env, sandboxed(t, sandbox.Options{Hide: hide}))
		logReport(t, r)

		checkBlocked(t, "dial", r.Dial, s.Dial)
		checkBlocked(t, "dial unix", r.DialUnix, s.DialUnix)
		checkBlocked(t, "write", r.Write, escapes)
		checkAllowed(t, "write", r.Write, []string{inside})
		checkBlocked(t, "read", r.Read, secretFiles)
		checkAllowed(t, "read", r.Read, []string{"/etc/passwd", "/etc/hosts", "/dev/null"})
		if got := r.Content["/etc/passwd"]; !strings.Contains(got, "root:") {
			t.Errorf("read /etc/passwd in the sandbox = %q, want the system's users", got)
		}
		if got := r.Content["/proc/self/environ"]; strings.Contains(got, secret) || strings.Contains(got, "GONOTE_SANDBOX=") || !strings.Contains(got, "HOME=/tmp") {
			t.Errorf("/proc/self/environ in the sandbox = %q, want HOME=/tmp and neither the secret nor the sandbox's options", got)
		}
		if got, want := strings.TrimSpace(r.Content["/proc/self/comm"]), filepath.Base(exe); !strings.HasPrefix(want, got) || got == "" {
			t.Errorf("process name in the sandbox = %q, want (the start of) %q", got, want)
		}
		for _, line := range strings.Split(strings.TrimSpace(r.Content["/proc/self/cgroup"]), "\n") {
			if !strings.HasSuffix(line, ":/") {
				t.Errorf("/proc/self/cgroup in the sandbox has %q, want every cgroup to show as the root", line)
			}
		}
		if got := r.List["/usr/share"]; got != 0 {
			t.Errorf("/usr/share, hidden by Options.Hide, has %d entries in the sandbox, want 0", got)
		}
		if got := r.List["/usr/lib"]; got <= 0 {
			t.Errorf("/usr/lib has %d entries in the sandbox, want the system's", got)
		}
		if got := r.Content["/etc/hosts"]; got != "" {
			t.Errorf("read /etc/hosts, hidden by Options.Hide, = %q, want empty", got)
		}
		checkBlocked(t, "signal", r.Signal, []string{strconv.Itoa(os.Getpid()), strconv.Itoa(os.Getppid())})
		for _, p := range append(escapes, "/tmp/"+unique, filepath.Join(os.TempDir(), unique)) {
			if fileExists(p) {
				t.Errorf("%s exists on the host after the sandboxed probe", p)
				os.Remove(p)
			}
		}
		if diff := cmp.Diff([]int{1}, r.PIDs); diff != "" {
			t.Errorf("PIDs in the sandbox's /proc (-want +got):\n%s", diff)
		}
		wantUID := os.Getuid()
		if wantUID == 0 {
			wantUID = 65534
		}
		if r.UID != wantUID {
			t.Errorf("uid in the sandbox = %d, want %d", r.UID, wantUID)
		}
		checkConfined(t, r, secret)
	})
}

// logReport shows what the probe saw, without its long environment.
func logReport(t *testing.T, r report) {
	t.Helper()
	r.Env = nil
	content := make(map[string]string, len(r.Content))
	for k, v := range r.Content {
		content[k] = strings.ReplaceAll(v, "\x00", " ")
	}
	r.Content = content
	t.Logf("the sandboxed probe saw: %+v", r)
}

// checkConfined asserts what every sandboxed process looks like.
func checkConfined(t *testing.T, r report, secret string) {
	t.Helper()
	if r.Hostname != "gonote" {
		t.Errorf("host name = %q, want %q", r.Hostname, "gonote")
	}
	if r.Wd != "/tmp" || r.TempDir != "/tmp" {
		t.Errorf("working directory = %q, temp dir = %q, want /tmp for both", r.Wd, r.TempDir)
	}
	const none = "0000000000000000"
	want := map[string]string{
		"CapInh": none, "CapPrm": none, "CapEff": none, "CapBnd": none, "CapAmb": none,
		"NoNewPrivs": "1",
	}
	if diff := cmp.Diff(want, r.Status); diff != "" {
		t.Errorf("capabilities in the sandbox (-want +got):\n%s", diff)
	}
	for _, kv := range r.Env {
		if strings.HasPrefix(kv, "GONOTE_SANDBOX=") || strings.HasPrefix(kv, "GONOTE_SANDBOX_STAGE=") {
			t.Errorf("the sandbox's marker is left in the environment: %s", kv)
		}
		if kv == secret {
			t.Errorf("the server's secret %s reached the sandbox", kv)
		}
	}
}

// requireNamespaces skips the test when the kernel refuses to create the
// sandbox's namespaces for the user running the tests, as some systems do
// for unprivileged users. The sandbox then fails to start, which is what
// --sandbox must do there; anything else that goes wrong fails the test.
func requireNamespaces(t *testing.T) {
	t.Helper()
	cmd := exec.Command(testExe(t), "-test.run=^$")
	vars := []string{roleEnv + "=probe", specEnv + "={}"}
	if err := sandbox.Command(cmd, sandbox.Options{Env: vars}); err != nil {
		t.Fatalf("sandbox.Command: %v", err)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Start()
	if err == nil {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("sandboxed probe: %v\n%s", err, out.String())
		}
		return
	}
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.ENOSPC) {
		noNamespaces(t, "this system does not let uid %d create namespaces, so the sandbox refuses to start: %v", os.Getuid(), err)
	}
	t.Fatalf("start a sandboxed probe: %v", err)
}

// TestSandboxUnprivileged runs a sandbox the way a normal user would, with
// a user namespace: the test, as root, starts a launcher as nobody, which
// sandboxes a probe. Without the sandbox the same user can do everything
// the sandbox prevents.
func TestSandboxUnprivileged(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the tests already run as an unprivileged user: the other tests cover this case")
	}
	fx := newFixture(t)
	secret := setSecret(t)
	// nobody must reach the fixture's files and a copy of the test binary:
	// open up the test's own temporary directories, never anything above.
	tmp := filepath.Clean(os.TempDir())
	for d := filepath.Dir(fx.token); d != tmp && strings.HasPrefix(d, tmp+"/"); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for d := tmp; ; d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm()&0o001 == 0 {
			t.Skipf("nobody cannot reach the temporary directory %s (%s is not searchable by others)", tmp, d)
		}
		if d == "/" {
			break
		}
	}
	exe := filepath.Join(filepath.Dir(fx.token), "sandbox.test")
	copyFile(t, testExe(t), exe)
	asNobody := func(cmd *exec.Cmd, _ []string) {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		cmd.Dir = filepath.Dir(exe)
	}

	s := spec{
		Dial:     fx.dials(false),
		DialUnix: []string{fx.abstract, fx.unixPath},
		Write:    []string{filepath.Join(fx.outside, "by-nobody")},
		Read:     []string{fx.token},
	}
	t.Run("without sandbox", func(t *testing.T) {
		r := probe(t, exe, s, []string{roleEnv + "=probe"}, asNobody)
		checkAllowed(t, "dial", r.Dial, s.Dial)
		checkAllowed(t, "dial unix", r.DialUnix, s.DialUnix)
		checkAllowed(t, "write", r.Write, s.Write)
		checkAllowed(t, "read", r.Read, s.Read)
		if !slices.Contains(r.PIDs, os.Getpid()) {
			t.Errorf("/proc lists %d PIDs without the test's own %d", len(r.PIDs), os.Getpid())
		}
		if r.UID != 65534 {
			t.Errorf("uid = %d, want 65534", r.UID)
		}
	})
	t.Run("with sandbox", func(t *testing.T) {
		s := s
		s.Dial = fx.dials(true)
		s.Write = []string{filepath.Join(fx.outside, "escaped-by-nobody"), "/tmp/inside"}
		r := probe(t, exe, s, []string{roleEnv + "=launch"}, asNobody)
		logReport(t, r)
		checkBlocked(t, "dial", r.Dial, s.Dial)
		checkBlocked(t, "dial unix", r.DialUnix, s.DialUnix)
		checkBlocked(t, "write", r.Write, s.Write[:1])
		checkAllowed(t, "write", r.Write, s.Write[1:])
		checkBlocked(t, "read", r.Read, s.Read)
		if fileExists(s.Write[0]) {
			t.Errorf("%s exists on the host after the sandboxed probe", s.Write[0])
		}
		if diff := cmp.Diff([]int{1}, r.PIDs); diff != "" {
			t.Errorf("PIDs in the sandbox's /proc (-want +got):\n%s", diff)
		}
		if r.UID != 65534 {
			t.Errorf("uid in the sandbox = %d, want 65534 (the user mapped to itself)", r.UID)
		}
		checkConfined(t, r, secret)
		if r.Check != "" {
			t.Errorf("sandbox.Check(probe) by an unprivileged parent = %s, want nil", r.Check)
		}
	})
}

// TestEnterRefusesWithoutNamespaces checks that a worker asked to be
// sandboxed, but not started in new namespaces, refuses to go on instead of
// running unsandboxed.
func TestEnterRefusesWithoutNamespaces(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, testExe(t), "-test.run=^$")
	cmd.Env = append(os.Environ(), roleEnv+"=probe", specEnv+"={}", "GONOTE_SANDBOX={}")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("probe with the marker but no namespaces: err = %v, want exit status 3\nstderr:\n%s", err, stderr.String())
	}
	if got := stderr.String(); !strings.Contains(got, "sandbox setup failed") || !strings.Contains(got, "PID 1") {
		t.Errorf("stderr = %q, want it to say the sandbox setup failed and why", got)
	}
}

// TestEnterWithoutMarker checks that Enter leaves an ordinary process alone.
func TestEnterWithoutMarker(t *testing.T) {
	if sandbox.Requested() {
		t.Fatal("Requested() = true in the test process, want false")
	}
	if err := sandbox.Enter(); err != nil {
		t.Fatalf("Enter() = %v, want nil without the marker", err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkProbe measures starting a process that does nothing and waiting
// for it, with and without the sandbox: the sandbox's own cost (namespaces,
// mounts, the re-exec). It also reports the child's CPU time, which a busy
// machine disturbs less than wall time.
func BenchmarkProbe(b *testing.B) {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for _, sandboxed := range []bool{false, true} {
		b.Run(fmt.Sprintf("sandbox=%v", sandboxed), func(b *testing.B) {
			vars := []string{roleEnv + "=probe", specEnv + "={}"}
			var cpu time.Duration
			for b.Loop() {
				cmd := exec.Command(exe, "-test.run=^$")
				cmd.Env = append(os.Environ(), vars...)
				if sandboxed {
					if err := sandbox.Command(cmd, sandbox.Options{Env: vars}); err != nil {
						b.Fatal(err)
					}
				}
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("probe: %v\n%s", err, out)
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "child-cpu-ns/op")
		})
	}
}

// TestSandboxTempAndPrograms checks the private /tmp's size limit and that
// it cannot hold programs, while the system's programs still run.
func TestSandboxTempAndPrograms(t *testing.T) {
	requireNamespaces(t)
	exe := testExe(t)
	const size = 1 << 20
	s := spec{Exec: []string{"/tmp/true", "/usr/bin/true"}, Fill: 2 * size, FillPath: "/tmp/fill"}
	s.Copy.From, s.Copy.To = "/usr/bin/true", "/tmp/true"
	vars := []string{roleEnv + "=probe"}
	r := probe(t, exe, s, vars, sandboxed(t, sandbox.Options{TempSize: size}))
	if r.Copy != "" {
		t.Fatalf("copy /usr/bin/true to /tmp in the sandbox: %s", r.Copy)
	}
	checkBlocked(t, "exec", r.Exec, []string{"/tmp/true"})
	checkAllowed(t, "exec", r.Exec, []string{"/usr/bin/true"})
	if !strings.Contains(r.Fill, "no space left") {
		t.Errorf("writing %d bytes to a /tmp of %d: %q, want no space left", s.Fill, size, r.Fill)
	}

	// Without the sandbox, the same file runs and the same write fits.
	dir := t.TempDir()
	s.Copy.To, s.Exec[0], s.FillPath = filepath.Join(dir, "true"), filepath.Join(dir, "true"), filepath.Join(dir, "fill")
	r = probe(t, exe, s, vars, nil)
	checkAllowed(t, "exec", r.Exec, s.Exec)
	if r.Fill != "" {
		t.Errorf("writing %d bytes without the sandbox: %s", s.Fill, r.Fill)
	}
}

// noNamespaces ends a test whose sandbox the system refused to create. It
// fails, so a machine that cannot sandbox never passes the sandbox tests
// unnoticed; GONOTE_NO_SANDBOX_TESTS=1 turns the failure into a skip on
// machines known to refuse namespaces.
func noNamespaces(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("GONOTE_NO_SANDBOX_TESTS") == "1" {
		t.Skipf(format, args...)
	}
	t.Fatalf(format+" (set GONOTE_NO_SANDBOX_TESTS=1 to skip the sandbox tests here)", args...)
}
