package engine

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"gonote/kernel"
)

// router delivers everything interpreted code writes to stdout or stderr.
//
// Every route the cell can take (fmt, log, slog, print/println, os.Stdout,
// os.Stderr) ends in one of two pipes, so the bytes of one stream keep the
// order in which they were written, whoever wrote them. One reader goroutine
// per pipe stamps each chunk the moment it arrives and hands it to its
// owner: the running cell's out function, or the late function when the
// owner is a cell that has ended.
//
// The owner of a write through the engine's own writers (fmt, log, slog,
// print) is the cell of the writing goroutine. A raw write to os.Stdout
// belongs to the running cell, or when none runs, to the cell that ran last.
//
// A reader takes bytes out of its pipe only while holding mu, and delivers
// them before letting go. So with mu held, an empty pipe (FIONREAD) and no
// bytes kept back mean every byte written to it so far has been delivered.
// The engine's writers use that: when their stream's pipe is quiet, they
// deliver their bytes at once, on the writing goroutine, with no system
// call; otherwise they put them in the pipe behind what is there, framed
// with their owner, to keep the order. end's sync is likewise free when
// both pipes are quiet, and otherwise waits for a marker it sends through
// each pipe.
//
// Invariant: out and late are only called with mu held, so callers see one
// chunk at a time, in order.
type router struct {
	mu      sync.Mutex
	cond    *sync.Cond // signalled when a reader passes a sync marker
	running bool
	cell    int       // execution count of the running or last cell
	start   time.Time // start of that cell
	out     func(kernel.Chunk)
	late    func(kernel.Chunk)
	limit   int64 // bytes a cell may write before its output is cut; 0: no limit
	written int64 // bytes delivered for the current cell
	cut     bool  // the limit was hit and the note was sent
	synced  map[string]uint64
	starts  map[int]time.Time // start of every cell, for late offsets

	marker []byte // random per session; ends a sync request inside a pipe
	seq    uint64

	stdoutR, stdoutW *os.File
	stderrR, stderrW *os.File
	fds              map[string]int // read end of each stream's pipe, for FIONREAD
	kept             map[string]int // bytes a reader holds undelivered (a partial frame)
	closed           bool
	stdinR           *os.File // always at end of file: its write end is closed
	// stdout and stderr write on behalf of the calling goroutine's cell.
	stdout, stderr *ownedWriter
	wg             sync.WaitGroup
}

// newRouter opens the two pipes and starts their readers.
func newRouter(late func(kernel.Chunk), limit int64) (*router, error) {
	var nonce [12]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, fmt.Errorf("make output marker: %w", err)
	}
	r := &router{
		late:   late,
		limit:  limit,
		synced: map[string]uint64{},
		starts: map[int]time.Time{},
		fds:    map[string]int{},
		kept:   map[string]int{},
		marker: []byte("\x00gonote-sync-" + hex.EncodeToString(nonce[:]) + "\x00"),
	}
	r.cond = sync.NewCond(&r.mu)
	var err error
	if r.stdoutR, r.stdoutW, err = os.Pipe(); err != nil {
		return nil, fmt.Errorf("open stdout pipe: %w", err)
	}
	if r.stderrR, r.stderrW, err = os.Pipe(); err != nil {
		r.stdoutR.Close()
		r.stdoutW.Close()
		return nil, fmt.Errorf("open stderr pipe: %w", err)
	}
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		r.stdoutR.Close()
		r.stdoutW.Close()
		r.stderrR.Close()
		r.stderrW.Close()
		return nil, fmt.Errorf("open stdin pipe: %w", err)
	}
	stdinW.Close()
	r.stdinR = stdinR
	r.stdout = &ownedWriter{r: r, f: r.stdoutW, stream: kernel.Stdout}
	r.stderr = &ownedWriter{r: r, f: r.stderrW, stream: kernel.Stderr}
	for stream, f := range map[string]*os.File{kernel.Stdout: r.stdoutR, kernel.Stderr: r.stderrR} {
		rc, err := f.SyscallConn()
		if err == nil {
			err = rc.Control(func(fd uintptr) { r.fds[stream] = int(fd) })
		}
		if err != nil {
			r.closePipes()
			return nil, fmt.Errorf("open %s pipe: %w", stream, err)
		}
	}
	r.wg.Add(2)
	go r.read(kernel.Stdout, r.stdoutR)
	go r.read(kernel.Stderr, r.stderrR)
	return r, nil
}

// begin makes cell the owner of all output until end is called.
func (r *router) begin(cell int, start time.Time, out func(kernel.Chunk)) {
	r.mu.Lock()
	r.running, r.cell, r.start, r.out = true, cell, start, out
	r.starts[cell] = start
	r.written, r.cut = 0, false
	r.mu.Unlock()
}

// end waits until both pipes have delivered what was written before the call,
// then marks the cell as ended: later output is late.
func (r *router) end() {
	r.sync()
	r.mu.Lock()
	r.running, r.out = false, nil
	r.mu.Unlock()
}

// sync returns once every byte written to either pipe before the call has
// been delivered: at once when both pipes are quiet, otherwise after
// writing a marker into each pipe and waiting until both readers reach it.
func (r *router) sync() {
	r.mu.Lock()
	if r.quiet(kernel.Stdout) && r.quiet(kernel.Stderr) {
		r.mu.Unlock()
		return
	}
	r.seq++
	seq := r.seq
	r.mu.Unlock()
	tag := append(append([]byte{}, r.marker...), fmt.Sprintf("s%d\x00", seq)...)
	_, errOut := r.stdoutW.Write(tag)
	_, errErr := r.stderrW.Write(tag)
	r.mu.Lock()
	defer r.mu.Unlock()
	for (errOut == nil && r.synced[kernel.Stdout] < seq) || (errErr == nil && r.synced[kernel.Stderr] < seq) {
		r.cond.Wait()
	}
}

// quiet reports whether everything written to stream's pipe has been
// delivered: the pipe is empty and its reader keeps nothing back. mu is
// held, so the reader is not between taking bytes and delivering them.
func (r *router) quiet(stream string) bool {
	if r.closed || r.kept[stream] > 0 {
		return false
	}
	n, err := unix.IoctlGetInt(r.fds[stream], unix.TIOCINQ) // FIONREAD
	return err == nil && n == 0
}

// read owns one pipe: it delivers chunks until the write end is closed. It
// waits for the pipe to be readable, then reads and delivers with mu held.
func (r *router) read(stream string, f *os.File) {
	defer r.wg.Done()
	buf := make([]byte, 32<<10)
	var data []byte // bytes read but not delivered yet
	done := false
	rc, err := f.SyscallConn()
	for err == nil && !done {
		err = rc.Read(func(fd uintptr) bool {
			r.mu.Lock()
			defer r.mu.Unlock()
			n, rerr := unix.Read(int(fd), buf)
			if rerr == unix.EAGAIN || rerr == unix.EINTR {
				return false // wait until readable
			}
			now := time.Now()
			if n > 0 {
				data = r.scan(stream, append(data, buf[:n]...), now)
				r.kept[stream] = len(data)
				return true
			}
			// End of file, or a read error.
			r.deliver(stream, 0, data, now)
			data = nil
			r.kept[stream] = 0
			if rerr != nil {
				r.deliver(kernel.Stderr, 0, []byte("gonote: reading "+stream+": "+rerr.Error()+"\n"), now)
			}
			done = true
			return true
		})
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil && !errors.Is(err, os.ErrClosed) {
		r.deliver(kernel.Stderr, 0, []byte("gonote: reading "+stream+": "+err.Error()+"\n"), time.Now())
	}
	r.synced[stream] = ^uint64(0)
	r.cond.Broadcast()
}

// scan delivers what it can of data and returns the rest, which may be the
// start of a marker or an unfinished frame. Between markers the bytes are
// raw writes (os.Stdout.Write and the like) of unknown owner. A marker is
// followed by a header ending in NUL: "s<seq>" is a sync request,
// "c<cell>:<len>" a frame of len bytes written on behalf of cell. mu is
// held.
func (r *router) scan(stream string, data []byte, now time.Time) []byte {
	for len(data) > 0 {
		i := bytes.Index(data, r.marker)
		if i < 0 {
			keep := partialSuffix(data, r.marker)
			r.deliver(stream, 0, data[:len(data)-keep], now)
			return append(data[:0:0], data[len(data)-keep:]...)
		}
		r.deliver(stream, 0, data[:i], now)
		data = data[i:]
		head := data[len(r.marker):]
		j := bytes.IndexByte(head, 0)
		if j < 0 {
			return append(data[:0:0], data...)
		}
		h := string(head[:j])
		body := head[j+1:]
		switch {
		case strings.HasPrefix(h, "s"):
			seq, _ := strconv.ParseUint(h[1:], 10, 64)
			r.synced[stream] = seq
			r.cond.Broadcast()
			data = body
		case strings.HasPrefix(h, "c"):
			cellText, sizeText, _ := strings.Cut(h[1:], ":")
			cell, _ := strconv.Atoi(cellText)
			size, _ := strconv.Atoi(sizeText)
			if len(body) < size {
				return append(data[:0:0], data...)
			}
			r.deliver(stream, cell, body[:size], now)
			data = body[size:]
		default: // not ours after all: pass the marker through as text
			r.deliver(stream, 0, data[:len(r.marker)], now)
			data = data[len(r.marker):]
		}
	}
	return data[:0]
}

// ownedWriter writes on behalf of whichever cell owns the calling
// goroutine: directly when its pipe is quiet, else framed in the pipe so
// that the reader can tell. The engine's own replacements of fmt.Print*,
// log and slog write through it; raw writes to os.Stdout cannot be
// attributed this way and count for the running cell.
type ownedWriter struct {
	r      *router
	f      *os.File
	stream string
	mu     sync.Mutex
	owner  func() int // cell of the calling goroutine; 0 if unknown
}

func (w *ownedWriter) Write(p []byte) (int, error) {
	cell := 0
	if w.owner != nil {
		cell = w.owner()
	}
	return w.writeFor(cell, p)
}

// writeFor writes p on behalf of cell (0: the running or last cell).
func (w *ownedWriter) writeFor(cell int, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	r := w.r
	r.mu.Lock()
	if r.quiet(w.stream) {
		r.deliver(w.stream, cell, p, time.Now())
		r.mu.Unlock()
		return len(p), nil
	}
	r.mu.Unlock()
	frame := make([]byte, 0, len(w.r.marker)+24+len(p))
	frame = append(frame, w.r.marker...)
	frame = append(frame, 'c')
	frame = strconv.AppendInt(frame, int64(cell), 10)
	frame = append(frame, ':')
	frame = strconv.AppendInt(frame, int64(len(p)), 10)
	frame = append(frame, 0)
	frame = append(frame, p...)
	w.mu.Lock()
	_, err := w.f.Write(frame)
	w.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

// partialSuffix returns the length of the longest suffix of data that is a
// proper prefix of marker.
func partialSuffix(data, marker []byte) int {
	n := min(len(data), len(marker)-1)
	for ; n > 0; n-- {
		if bytes.HasSuffix(data, marker[:n]) {
			return n
		}
	}
	return 0
}

// deliver hands one chunk to its owner: cell, or when cell is 0, the
// running cell or else the last one. mu is held.
func (r *router) deliver(stream string, cell int, p []byte, now time.Time) {
	if len(p) == 0 {
		return
	}
	if cell == 0 {
		cell = r.cell
	}
	if cell == 0 {
		return // written before any cell ran
	}
	current := r.running && cell == r.cell
	if current && r.limit > 0 {
		if r.cut {
			return
		}
		if r.written+int64(len(p)) > r.limit {
			p = p[:r.limit-r.written]
			r.cut = true
			defer r.emit(kernel.Stderr, cell, fmt.Sprintf("\n[output cut: more than %d bytes]\n", r.limit), now)
		}
		r.written += int64(len(p))
	}
	r.emit(stream, cell, string(p), now)
}

// emit sends one chunk; mu is held.
func (r *router) emit(stream string, cell int, text string, now time.Time) {
	if text == "" {
		return
	}
	start, ok := r.starts[cell]
	if !ok {
		start = r.start
	}
	c := kernel.Chunk{Stream: stream, Text: text, Offset: now.Sub(start), Cell: cell}
	if r.running && cell == r.cell && r.out != nil {
		r.out(c)
		return
	}
	c.Late = true
	if r.late != nil {
		r.late(c)
	}
}

// close closes the write ends, waits for the readers to drain the pipes and
// closes the read ends.
func (r *router) close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	err := errors.Join(r.stdoutW.Close(), r.stderrW.Close())
	r.wg.Wait()
	return errors.Join(err, r.stdoutR.Close(), r.stderrR.Close(), r.stdinR.Close())
}

// closePipes closes every pipe of a router whose readers never started.
func (r *router) closePipes() {
	for _, f := range []*os.File{r.stdoutR, r.stdoutW, r.stderrR, r.stderrW, r.stdinR} {
		f.Close()
	}
}
