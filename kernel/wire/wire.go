// Package wire is the protocol a kernel supervisor and its worker process
// speak over two dedicated pipes (the worker's fd 3, supervisor to worker,
// and fd 4, worker to supervisor), never over the worker's stdout or stderr.
//
// A frame is a 4-byte big-endian length followed by that many bytes of one
// JSON-encoded Message. The conversation is:
//
//	supervisor → worker   config                 (first frame: the limits)
//	worker → supervisor   ready                  (the engine is up; carries the pid)
//	supervisor → worker   execute {id, code, timeout_ns}
//	worker → supervisor   output {id, chunk}*    (zero or more, in write order)
//	worker → supervisor   result {id, result}    (exactly one per execute)
//	supervisor → worker   interrupt {id}         (any time; stops cell id if it runs)
//	worker → supervisor   output {chunk.late}    (any time: late output)
//	worker → supervisor   fatal {reason}         (the worker is about to exit)
//
// The worker runs one execute at a time, in the order received. When its
// input pipe reaches end of file, the worker exits: a worker never outlives
// the supervisor that talks to it.
//
// Chunk and Result payloads are the JSON encodings of kernel.Chunk and
// kernel.Result; wire carries them as raw JSON so that it does not import
// package kernel, which imports wire.
package wire

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Kind names a message type.
type Kind string

// The message kinds; see the package comment for who sends which.
const (
	KindConfig    Kind = "config"
	KindReady     Kind = "ready"
	KindExecute   Kind = "execute"
	KindInterrupt Kind = "interrupt"
	KindOutput    Kind = "output"
	KindResult    Kind = "result"
	KindFatal     Kind = "fatal"
)

// MaxFrame is the largest frame either side accepts. Output is sent in
// chunks far smaller than this; a larger length means a corrupt stream.
const MaxFrame = 64 << 20

// ErrFrameTooLarge is returned by Recv for a frame longer than MaxFrame.
var ErrFrameTooLarge = errors.New("wire: frame too large")

// Config carries the per-kernel limits the worker enforces itself.
type Config struct {
	// MemoryLimit is the most memory, in bytes, the worker may use.
	MemoryLimit int64 `json:"memory_limit,omitempty"`
	// OutputLimit is the most output, in bytes, one cell may write.
	OutputLimit int64 `json:"output_limit,omitempty"`
	// MaxGoroutines is the most goroutines the worker may hold.
	MaxGoroutines int `json:"max_goroutines,omitempty"`
}

// Message is one frame's content. Which fields are set depends on Kind.
type Message struct {
	Kind Kind `json:"kind"`
	// ID names the execute request that an output, result or interrupt
	// belongs to. Late output carries the ID of the cell that owns it.
	ID uint64 `json:"id,omitempty"`
	// Code is the cell source of an execute.
	Code string `json:"code,omitempty"`
	// Timeout is the wall-time limit of an execute; 0 means none.
	Timeout time.Duration `json:"timeout_ns,omitempty"`
	// Config is set on the config message.
	Config *Config `json:"config,omitempty"`
	// Chunk is a JSON kernel.Chunk, set on output.
	Chunk json.RawMessage `json:"chunk,omitempty"`
	// Result is a JSON kernel.Result, set on result.
	Result json.RawMessage `json:"result,omitempty"`
	// Reason says why the worker is exiting, set on fatal.
	Reason string `json:"reason,omitempty"`
	// PID is the worker's process id, set on ready.
	PID int `json:"pid,omitempty"`
}

// Conn sends and receives frames. Send may be called from many goroutines;
// Recv from one at a time.
type Conn struct {
	r   *bufio.Reader
	wmu sync.Mutex
	w   io.Writer
	buf []byte
}

// NewConn returns a Conn reading frames from r and writing them to w.
func NewConn(r io.Reader, w io.Writer) *Conn {
	return &Conn{r: bufio.NewReaderSize(r, 64<<10), w: w}
}

// Send writes m as one frame.
func (c *Conn) Send(m *Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("wire: encode %s: %w", m.Kind, err)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.buf = binary.BigEndian.AppendUint32(c.buf[:0], uint32(len(body)))
	c.buf = append(c.buf, body...)
	if _, err := c.w.Write(c.buf); err != nil {
		return fmt.Errorf("wire: send %s: %w", m.Kind, err)
	}
	if cap(c.buf) > 1<<20 {
		c.buf = nil // do not keep a flood's buffer alive
	}
	return nil
}

// Recv reads the next frame into m, which it resets first. It returns
// io.EOF when the stream ended cleanly between frames.
func (c *Conn) Recv(m *Message) error {
	var hdr [4]byte
	if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("wire: read frame header: %w", err)
		}
		return err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > MaxFrame {
		return fmt.Errorf("%w: %d bytes", ErrFrameTooLarge, n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.r, body); err != nil {
		return fmt.Errorf("wire: read frame of %d bytes: %w", n, err)
	}
	*m = Message{}
	if err := json.Unmarshal(body, m); err != nil {
		return fmt.Errorf("wire: decode frame: %w", err)
	}
	return nil
}
