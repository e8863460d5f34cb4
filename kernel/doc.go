// Package kernel runs notebook cells: each kernel is one notebook
// session, and every session lives in its own supervised worker process.
//
// # Process model
//
// The in-process engine (kernel/engine) cannot be made safe: a cell can
// end its host outright (concurrent map writes, stack overflow, a panic in
// a goroutine), hang it (a deadlock) or leave goroutines spinning that no
// cancellation reaches. So Start runs the engine in a child process in
// the worker role ("gonote kernel", packages kernel/kernelcmd and
// kernel/worker), and the server only ever talks to a Kernel, the
// supervisor of that process. The worker is the lean binary that make
// build embeds in gonote (package kernel/workerbin), run from memory,
// or else gonote itself. Nothing a cell does can touch the server or
// another kernel; the worst it can do is end its own worker, and the
// supervisor then starts a fresh one.
//
// The supervisor and the worker speak the protocol of package kernel/wire:
// length-prefixed binary frames over two pipes that are the worker's fd 3
// (requests) and fd 4 (output and results), never its stdout or stderr.
// The worker points its own fd 1 at a pipe it reads, so raw writes land in
// the running cell's output. Its fd 2 goes to the supervisor, which passes
// what arrives there to the running cell and keeps the last of it: when a
// worker dies, the runtime's own last words there ("fatal error:
// concurrent map writes", "fatal error: stack overflow") become the
// reason the cell reports. A worker exits when its request pipe closes,
// and is killed by the kernel if the supervising process dies.
//
// # Cells
//
// A kernel runs one cell at a time. Execute calls queue in arrival order,
// as in Jupyter; a call whose context ends while it waits leaves the queue
// without running. Every Execute ends in a Result: ok, error (including
// Go's "all goroutines are asleep - deadlock!" when every goroutine of the
// session is blocked and no timer is pending), interrupted, timed out or
// kernel died. A non-nil error means only that the kernel was closed or
// that no worker could be started (ErrDead). After a death the next
// Execute starts a fresh worker and says so in its Note; variables are
// lost, as after Restart.
//
// # Stopping a cell: the ladder
//
// Interrupt, a cancelled Execute context and the supervisor's own timeout
// backstop all climb the same ladder, and the Result says which rung
// stopped the cell:
//
//  1. cancel: the supervisor sends an interrupt frame; the worker cancels
//     the cell's context, which stops all interpreted code of the
//     session. Result: status interrupted, Note "interrupted"; the
//     session and its variables remain; functions and closures earlier
//     cells made keep working. Code asleep, in a select or on a channel
//     ends too. A cell blocked in another compiled call (a locked
//     sync.Mutex) cannot unwind until the call returns: half a second
//     after the cancel the engine abandons it and reports it interrupted
//     all the same. The worker runs each cell
//     on the goroutine that read its request (which spares a trivial cell
//     two goroutine switches) and has another goroutine read requests
//     once a cell has run for 10 ms, so an abandoned cell keeps its
//     goroutine and nothing else: the next cell runs, with the session's
//     variables.
//  2. signal: after three quarters of the grace period (Config.
//     InterruptGrace, default 1 s), SIGINT, which the worker also treats
//     as an interrupt, for a worker whose request reader is stuck.
//     Note "interrupted (stopped by signal)".
//  3. kill: at the end of the grace period, SIGKILL. A fresh worker
//     starts in the background. Note "interrupted; kernel restarted,
//     variables lost" (or "timed out; …").
//
// # Limits
//
// Each limit of Config has a default and a flag of gonote serve and exec:
// wall time per cell (the worker's deadline, with the ladder behind it),
// memory per kernel and goroutines per kernel (the worker checks both
// every 20 ms and exits with a message naming the limit, which the cell
// reports as the reason its kernel died), output per cell (the output is
// cut with a notice and the cell is stopped with an "output limit"
// error). A Manager adds the number of live kernels (ErrLimit beyond it)
// and shuts down kernels idle for longer than its IdleTimeout.
//
// # Starting
//
// A cold worker is ready only after its process started, the binary's
// packages initialised and the engine made its first session: about
// 19–22 ms with the lean worker on a 2-core VM, most of it page faults
// and the package initialisation of the standard library, which cells
// may import (internal/stdpkgs lists it, and leaves out packages no
// notebook uses to keep this short). The worker runs with its collector off until it is ready, and only then
// collects the start's garbage and returns it to the system. Spares
// (used by gonote serve, and inside Manager) keeps workers started ahead
// of time and hands one to each new kernel, replacing it in the
// background.
//
// # Goroutine reports
//
// After each cell the worker counts the goroutines the cell started that
// are still running and describes them in Result.Goroutines, grouped by
// what they do and the go statement that started them: "3 goroutines
// started by this cell are still running: 2 blocked on chan receive
// (started at line 4), 1 sleeping (started at cell 2, line 7)", where a
// goroutine started by a function an earlier cell declared names that
// cell. The worker gives the cell's new goroutines up to 100 ms to reach
// what they do (a goroutine started on the cell's last line may not have
// run yet), so only a cell that leaves one running pays that wait. A
// deadlock's traceback has one line per goroutine of the session,
// the cell's own code first: "goroutine 21 [select]: the cell itself,
// blocked in select", "goroutine 23 [select]: started at line 2:1,
// blocked on chan receive". The places come from package kernel/rt, which
// labels each goroutine with its go statement's place; the worker has the
// runtime print those labels in its stack dumps.
//
// Timers count as in Go: the worker tracks the timers cells start (its
// Timer and Ticker stand in for time's), and a session is deadlocked
// only while none is pending. A timer is pending until it fires or is
// stopped, a ticker until it is stopped, a context deadline until the
// context is done, time.After until its deadline; time.Tick, which cannot
// be stopped, keeps deadlock detection off for the rest of the session.
package kernel
