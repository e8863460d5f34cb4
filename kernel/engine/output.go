package engine

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"gonote/kernel"
)

// router delivers everything interpreted code writes to stdout or stderr.
//
// Every route the cell can take (fmt, log, slog, print/println, os.Stdout,
// os.Stderr, writes on their file descriptors) ends in one of two pipes, so
// the bytes of one stream keep the order in which they were written, whoever
// wrote them. One reader goroutine per pipe stamps each chunk the moment it
// arrives and hands it to the running cell's out function, or, when no cell
// runs, to the late function as output of the cell that ran last.
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

	marker []byte // random per session; ends a sync request inside a pipe
	seq    uint64

	stdoutR, stdoutW *os.File
	stderrR, stderrW *os.File
	wg               sync.WaitGroup
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
	r.wg.Add(2)
	go r.read(kernel.Stdout, r.stdoutR)
	go r.read(kernel.Stderr, r.stderrR)
	return r, nil
}

// begin makes cell the owner of all output until end is called.
func (r *router) begin(cell int, start time.Time, out func(kernel.Chunk)) {
	r.mu.Lock()
	r.running, r.cell, r.start, r.out = true, cell, start, out
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
	tag := append(append([]byte{}, r.marker...), fmt.Sprintf("%d\x00", seq)...)
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
	var pending []byte // bytes that may be the start of a marker
	for {
		n, err := f.Read(buf)
		now := time.Now()
		if n > 0 {
			data := append(pending, buf[:n]...)
			pending = nil
			for len(data) > 0 {
				i := bytes.Index(data, r.marker)
				if i < 0 {
					keep := partialSuffix(data, r.marker)
					r.deliver(stream, data[:len(data)-keep], now)
					pending = append([]byte(nil), data[len(data)-keep:]...)
					break
				}
				r.deliver(stream, data[:i], now)
				rest := data[i+len(r.marker):]
				j := bytes.IndexByte(rest, 0)
				if j < 0 { // the sequence number is still on its way
					pending = append([]byte(nil), data[i:]...)
					break
				}
				var seq uint64
				fmt.Sscanf(string(rest[:j]), "%d", &seq)
				r.mu.Lock()
				r.synced[stream] = seq
				r.cond.Broadcast()
				r.mu.Unlock()
				data = rest[j+1:]
			}
		}
		if err != nil {
			if len(pending) > 0 {
				r.deliver(stream, pending, now)
			}
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
				r.deliver(kernel.Stderr, []byte("gonote: reading "+stream+": "+err.Error()+"\n"), now)
			}
			r.mu.Lock()
			r.synced[stream] = ^uint64(0)
			r.cond.Broadcast()
			r.mu.Unlock()
			return
		}
	}
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

// deliver hands one chunk to its owner.
func (r *router) deliver(stream string, p []byte, now time.Time) {
	if len(p) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.limit > 0 {
		if r.cut {
			return
		}
		if r.written+int64(len(p)) > r.limit {
			p = p[:r.limit-r.written]
			r.cut = true
			defer r.emit(kernel.Stderr, fmt.Sprintf("\n[output cut: more than %d bytes]\n", r.limit), now)
		}
		r.written += int64(len(p))
	}
	r.emit(stream, string(p), now)
}

// emit sends one chunk; mu is held.
func (r *router) emit(stream, text string, now time.Time) {
	if text == "" || r.cell == 0 {
		return
	}
	c := kernel.Chunk{Stream: stream, Text: text, Offset: now.Sub(r.start), Cell: r.cell}
	if r.running && r.out != nil {
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
	return errors.Join(err, r.stdoutR.Close(), r.stderrR.Close())
}
