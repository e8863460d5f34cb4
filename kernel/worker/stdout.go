package worker

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"gonote/kernel"
)

// stdout captures the worker's fd 1. Whatever reaches it becomes output
// of the running cell, or late output between cells. At the end of each
// cell the worker writes a marker into the pipe and waits until the
// reader has passed it, so that everything the cell wrote to fd 1 before
// it ended is delivered as the cell's output, not as late output.
type stdout struct {
	wk     *worker
	r, w   *os.File // the pipe's read end, and fd 1
	marker []byte   // random per process; "\x00" follows the sequence number

	mu      sync.Mutex
	seq     uint64
	waiting map[uint64]chan struct{}

	// read and delivered count the bytes the pump has read and passed
	// on; with both equal and the pipe empty there is nothing to sync.
	// The pump reads and counts with rmu held, so that sync never finds
	// bytes neither in the pipe nor counted.
	rmu             sync.Mutex
	read, delivered atomic.Int64
}

// captureStdio points fd 1 at a pipe the worker reads, so whatever
// reaches it (a cell writing to os.NewFile(1, ""), a host library
// printing) becomes output of the running cell and can never mix with the
// protocol. fd 2 stays connected to the supervisor, which reads it and
// passes it on to the running cell: the Go runtime writes its fatal errors
// there ("fatal error: concurrent map writes"), and a dying process cannot
// forward its own last words.
func (wk *worker) captureStdio() error {
	var nonce [12]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return fmt.Errorf("capture stdout: %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("capture stdout: %w", err)
	}
	if err := syscall.Dup3(int(w.Fd()), 1, 0); err != nil {
		return fmt.Errorf("capture stdout: %w", err)
	}
	w.Close()
	wk.stdout = &stdout{
		wk:      wk,
		r:       r,
		w:       os.NewFile(1, "stdout"),
		marker:  []byte("\x00gonote-stdout-" + hex.EncodeToString(nonce[:]) + "-"),
		waiting: map[uint64]chan struct{}{},
	}
	go wk.stdout.pump()
	return nil
}

// pump reads fd 1's pipe for as long as the process lives.
func (s *stdout) pump() {
	buf := make([]byte, 32<<10)
	var pending []byte // bytes that may be the start of a marker
	rc, err := s.r.SyscallConn()
	for {
		n := 0
		if err == nil {
			var rerr error
			err = rc.Read(func(fd uintptr) bool {
				s.rmu.Lock()
				defer s.rmu.Unlock()
				n, rerr = unix.Read(int(fd), buf)
				switch {
				case rerr == unix.EAGAIN || rerr == unix.EINTR:
					return false // wait until readable
				case rerr != nil:
					n = 0
				case n == 0:
					rerr = io.EOF
				}
				s.read.Add(int64(n))
				return true
			})
			if err == nil {
				err = rerr
			}
		}
		data := append(pending, buf[:n]...)
		pending = nil
		for len(data) > 0 {
			i := bytes.Index(data, s.marker)
			if i < 0 {
				keep := partialSuffix(data, s.marker)
				s.deliver(data[:len(data)-keep])
				pending = append([]byte(nil), data[len(data)-keep:]...)
				break
			}
			s.deliver(data[:i])
			rest := data[i+len(s.marker):]
			j := bytes.IndexByte(rest, 0)
			if j < 0 { // the sequence number is still on its way
				pending = append([]byte(nil), data[i:]...)
				break
			}
			if seq, err := strconv.ParseUint(string(rest[:j]), 10, 64); err == nil {
				s.passed(seq)
			}
			data = rest[j+1:]
		}
		if err != nil {
			s.deliver(pending)
			return
		}
		s.delivered.Add(int64(n))
	}
}

// deliver hands text to the running cell, or to late output.
func (s *stdout) deliver(b []byte) {
	if len(b) == 0 {
		return
	}
	wk := s.wk
	wk.mu.Lock()
	c, count := wk.cur, wk.count
	wk.mu.Unlock()
	ch := kernel.Chunk{Stream: kernel.Stdout, Text: string(b)}
	if c != nil {
		ch.Cell, ch.Offset = c.count, time.Since(c.start)
		wk.output(c, ch)
		return
	}
	ch.Cell = count
	wk.late(ch)
}

// passed wakes the syncs up to seq.
func (s *stdout) passed(seq uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, ch := range s.waiting {
		if k <= seq {
			close(ch)
			delete(s.waiting, k)
		}
	}
}

// syncTimeout bounds a sync: a cell may have left fd 1 in a state where
// the marker cannot get through (closed it, say); its output then ends
// up as late output instead.
const syncTimeout = time.Second

// sync returns once everything written to fd 1 before the call has been
// delivered. When the pipe is empty and the pump has passed on all it
// read, there is nothing in flight and no marker is needed: cells that
// write nothing to fd 1 (nearly all: the engine gives them their own
// writers) pay two loads and an ioctl.
func (s *stdout) sync() {
	s.rmu.Lock()
	quiet := s.read.Load() == s.delivered.Load()
	if quiet {
		pending := -1
		if rc, err := s.r.SyscallConn(); err == nil {
			rc.Control(func(fd uintptr) {
				if n, err := unix.IoctlGetInt(int(fd), unix.TIOCINQ); err == nil {
					pending = n
				}
			})
		}
		quiet = pending == 0
	}
	s.rmu.Unlock()
	if quiet {
		return
	}
	s.mu.Lock()
	s.seq++
	seq := s.seq
	done := make(chan struct{})
	s.waiting[seq] = done
	s.mu.Unlock()
	tag := append(append([]byte(nil), s.marker...), strconv.FormatUint(seq, 10)+"\x00"...)
	if _, err := s.w.Write(tag); err != nil {
		s.passed(seq)
		return
	}
	t := time.NewTimer(syncTimeout)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		s.passed(seq)
	}
}

// partialSuffix returns the length of the longest suffix of data that is
// a proper prefix of marker.
func partialSuffix(data, marker []byte) int {
	for n := min(len(data), len(marker)-1); n > 0; n-- {
		if bytes.HasSuffix(data, marker[:n]) {
			return n
		}
	}
	return 0
}
