package engine

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

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
// print) is the cell of the writing goroutine, carried in a frame inside the
// pipe. A raw write to os.Stdout has no frame and belongs to the running
// cell, or when none runs, to the cell that ran last.
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
	r.stdout = &ownedWriter{r: r, f: r.stdoutW}
	r.stderr = &ownedWriter{r: r, f: r.stderrW}
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

// sync writes a marker into each pipe and waits until both readers reach it,
// so every byte written before sync was called has been delivered.
func (r *router) sync() {
	r.mu.Lock()
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

// read owns one pipe: it delivers chunks until the write end is closed.
func (r *router) read(stream string, f *os.File) {
	defer r.wg.Done()
	buf := make([]byte, 32<<10)
	var data []byte // bytes read but not delivered yet
	for {
		n, err := f.Read(buf)
		now := time.Now()
		data = append(data, buf[:n]...)
		data = r.scan(stream, data, now)
		if err != nil {
			r.deliver(stream, 0, data, now)
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
				r.deliver(kernel.Stderr, 0, []byte("gonote: reading "+stream+": "+err.Error()+"\n"), now)
			}
			r.mu.Lock()
			r.synced[stream] = ^uint64(0)
			r.cond.Broadcast()
			r.mu.Unlock()
			return
		}
	}
}

// scan delivers what it can of data and returns the rest, which may be the
// start of a marker or an unfinished frame. Between markers the bytes are
// raw writes (os.Stdout.Write and the like) of unknown owner. A marker is
// followed by a header ending in NUL: "s<seq>" is a sync request,
// "c<cell>:<len>" a frame of len bytes written on behalf of cell.
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
			r.mu.Lock()
			r.synced[stream] = seq
			r.cond.Broadcast()
			r.mu.Unlock()
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
// goroutine, framing the bytes so that the reader can tell. The engine's own
// replacements of fmt.Print*, log and slog write through it; raw writes to
// os.Stdout cannot be attributed this way and count for the running cell.
type ownedWriter struct {
	r     *router
	f     *os.File
	mu    sync.Mutex
	owner func() int // cell of the calling goroutine; 0 if unknown
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
// running cell or else the last one.
func (r *router) deliver(stream string, cell int, p []byte, now time.Time) {
	if len(p) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
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
	err := errors.Join(r.stdoutW.Close(), r.stderrW.Close())
	r.wg.Wait()
	return errors.Join(err, r.stdoutR.Close(), r.stderrR.Close(), r.stdinR.Close())
}
