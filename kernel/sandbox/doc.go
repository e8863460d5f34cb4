// Package sandbox runs a kernel worker in its own Linux namespaces, so that
// the Go cells it evaluates cannot reach the network, the server's files or
// other processes.
//
// It works in two halves, because Go cannot run code between clone and exec.
// The supervisor calls Command on the worker's exec.Cmd before starting it:
// the worker is then born in new network, mount, PID, IPC, UTS and cgroup
// namespaces
// (and a user namespace mapping the user to itself when the server does not
// run as root), and its environment carries a marker. The worker calls Enter
// as the very first thing it does, before it starts goroutines or runs a
// cell. Enter finishes the setup from inside the namespaces and then
// re-executes the worker binary, so that the process that goes on to run
// cells is single-threaded at birth and every thread has the same, reduced
// rights.
//
// What a cell sees inside the sandbox:
//
//   - Network: a private network namespace with only a loopback interface,
//     which is down. Every connect fails, to the server's own port, to other
//     local services and to the internet. Abstract Unix sockets of the host
//     are out of reach too.
//   - Files: the root is a fresh, read-only tmpfs holding read-only,
//     nosuid bind mounts of /usr, /bin, /sbin and /lib* (or their merged-usr
//     symlinks), a few files of /etc (passwd, group, hosts, nsswitch.conf,
//     localtime, timezone, mime.types, ssl and ca-certificates), the devices
//     null, zero, full, random and urandom, a fresh /proc, and a private,
//     writable /tmp (tmpfs, Options.TempSize bytes, noexec). Nothing else of
//     the host is visible: not $HOME, not the working directory, not the
//     notebook directory, not the server's token or files. Paths listed in
//     Options.Hide, and the supervisor's working directory, are covered by
//     an empty read-only directory even if they lie inside the view. The
//     working directory, HOME and TMPDIR are /tmp. Anything written there
//     disappears with the worker.
//   - Processes: a private PID namespace in which the worker is PID 1, with
//     its own /proc. Other kernels, the server and the rest of the machine
//     cannot be seen or signalled. When the worker dies, everything it
//     started dies with it.
//   - Rights: no capabilities (bounding, ambient, inheritable, permitted and
//     effective sets are empty) and no_new_privs set, so no program started
//     from the sandbox can gain any. A worker started by root runs as
//     nobody (65534:65534); otherwise as the user, in a user namespace that
//     maps the user to itself. The host name is "gonote"; System V IPC
//     objects are private; the worker's cgroup appears as the root, so the
//     host's cgroup paths do not show.
//   - Environment: what Environ keeps of the server's (user, locale, time
//     zone, terminal, the Go runtime's variables), the variables the
//     supervisor adds, HOME and TMPDIR set to /tmp and PATH set to the
//     system's bin directories. No token, password or other secret of the
//     server's environment. (Environ serves unsandboxed workers too.)
//
// What it does not do: it does not limit CPU, memory or the number of
// processes (the supervisor's limits do that), it installs no seccomp
// filter, so the whole system-call surface of the kernel stays reachable,
// and it does not hide the read-only system directories. It is defence in
// depth against a cell's code, not a boundary against kernel exploits.
//
// Invariants: if the namespaces cannot be created, the worker fails to
// start; if Enter cannot finish the setup, it returns an error and the
// worker must exit; and the supervisor calls Check once the worker is
// ready, which fails unless the worker's namespaces, root, capabilities and
// no_new_privs show the sandbox from the outside. A worker never runs cells
// half-sandboxed.
package sandbox
