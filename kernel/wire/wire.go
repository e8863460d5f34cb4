// Package wire is the protocol a kernel supervisor and its worker process
// speak over two dedicated pipes (the worker's fd 3, supervisor to worker,
// and fd 4, worker to supervisor), never over the worker's stdout or stderr.
//
// The conversation is:
//
//	supervisor → worker   config                 (first frame: the limits)
//	worker → supervisor   ready                  (the engine is up; carries the pid)
//	supervisor → worker   execute {id, code, timeout}
//	worker → supervisor   output {id, chunk}*    (zero or more, in write order)
//	worker → supervisor   result {id, result}    (exactly one per execute)
//	supervisor → worker   interrupt {id}         (any time; stops cell id if it runs)
//	worker → supervisor   output {chunk.late}    (any time: late output)
//	worker → supervisor   fatal {reason}         (the worker is about to exit)
//
// The worker runs one execute at a time, in the order received; the
// supervisor sends the next execute only once the result of the one
// before has arrived (or the worker has died). A cell that runs for a
// few milliseconds reads no requests: the worker reads the next frame
// when the cell ends or, for a longer cell, within about 10 ms of its
// start, so an interrupt reaches a cell that blocks. When its input pipe
// reaches end of file, the worker exits: a worker never outlives the
// supervisor that talks to it.
//
// # Frames
//
// A frame is a 4-byte big-endian length followed by that many bytes: one
// byte of Kind, the ID as a uvarint, then the fields of that kind in the
// order below. Integers are varints (zig-zag, as encoding/binary writes
// them) unless marked uvarint, durations are in nanoseconds, and the last
// field of a frame, marked "rest", runs to the frame's end without a
// length of its own.
//
//	kind          byte   fields after the ID
//	config        1      memory_limit, output_limit, max_goroutines, flags (byte: 1 program exit)
//	ready         2      pid
//	execute       3      timeout (0: none), code (rest)
//	interrupt     4      (none)
//	output        5      flags (1 byte; 1: late), offset, cell, stream (uvarint length, then bytes), text (rest)
//	result        6      result (rest: the JSON encoding of kernel.Result)
//	fatal         7      reason (rest)
//
// The frames of a cell are small and few, and both sides encode and
// decode them without reflection; what a trivial cell's round trip costs
// is the two processes waking each other, not the protocol. Only the
// result, whose shape is rich, is JSON; wire carries it as bytes, so that
// it does not import package kernel, which imports wire. Code and reasons
// travel as UTF-8: an invalid byte becomes U+FFFD, as it would in JSON.
// Output travels as the bytes the cell wrote, so that gonote exec prints
// exactly what the program printed; JSON makes it UTF-8 where it goes on.
package wire

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
	"unicode/utf8"
)

// Kind names a message type.
type Kind byte

// The message kinds; see the package comment for who sends which.
const (
	KindConfig Kind = iota + 1
	KindReady
	KindExecute
	KindInterrupt
	KindOutput
	KindResult
	KindFatal
)

var kindNames = [...]string{
	KindConfig:    "config",
	KindReady:     "ready",
	KindExecute:   "execute",
	KindInterrupt: "interrupt",
	KindOutput:    "output",
	KindResult:    "result",
	KindFatal:     "fatal",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", byte(k))
}

// EnvGOGC is the environment variable that carries a worker's GOGC while
// the worker starts with GOGC=off: the worker restores GOGC from it (unset
// when it is empty) once its engine is up, and removes it.
const EnvGOGC = "GONOTE_GOGC"

// MaxFrame is the largest frame either side accepts. Output is sent in
// chunks far smaller than this; a larger length means a corrupt stream.
const MaxFrame = 64 << 20

// Errors Recv returns for a stream that is not a sequence of frames.
var (
	ErrFrameTooLarge = errors.New("wire: frame too large")
	ErrBadFrame      = errors.New("wire: malformed frame")
)

// Config carries the per-kernel limits the worker enforces itself.
type Config struct {
	// MemoryLimit is the most memory, in bytes, the worker may use.
	MemoryLimit int64
	// OutputLimit is the most output, in bytes, one cell may write.
	OutputLimit int64
	// MaxGoroutines is the most goroutines the worker may hold.
	MaxGoroutines int
	// ProgramExit lets a cell's os.Exit end the worker, as it ends a Go
	// program.
	ProgramExit bool
}

// Chunk is one piece of a cell's output. It has the fields of
// kernel.Chunk, in the same order, so each converts to the other.
type Chunk struct {
	Stream string // "stdout" or "stderr"
	Text   string
	Offset time.Duration // from the start of the owning cell
	Cell   int           // execution count of the owning cell
	Late   bool          // written after the owning cell ended
}

// Message is one frame's content. Which fields are set depends on Kind.
type Message struct {
	Kind Kind
	// ID names the execute request that an output, result or interrupt
	// belongs to. Late output carries the ID of the cell that owns it.
	ID uint64
	// Code is the cell source of an execute.
	Code string
	// Timeout is the wall-time limit of an execute; 0 means none.
	Timeout time.Duration
	// Config is set on the config message.
	Config *Config
	// Chunk is set on output.
	Chunk Chunk
	// Result is a JSON kernel.Result, set on result.
	Result []byte
	// Reason says why the worker is exiting, set on fatal.
	Reason string
	// PID is the worker's process id, set on ready.
	PID int
}

// Conn sends and receives frames. Send may be called from many goroutines;
// Recv from one at a time.
type Conn struct {
	r    *bufio.Reader
	rbuf []byte // the body of the frame being decoded

	wmu sync.Mutex
	w   io.Writer
	buf []byte
}

// NewConn returns a Conn reading frames from r and writing them to w.
func NewConn(r io.Reader, w io.Writer) *Conn {
	return &Conn{r: bufio.NewReaderSize(r, 64<<10), w: w}
}

// keepBuf is the largest buffer a Conn keeps between frames; a flood's
// buffer is let go.
const keepBuf = 1 << 20

// Send writes m as one frame, with a single write.
func (c *Conn) Send(m *Message) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	b := append(c.buf[:0], 0, 0, 0, 0)
	b = m.appendBody(b)
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
	_, err := c.w.Write(b)
	if cap(b) <= keepBuf {
		c.buf = b
	} else {
		c.buf = nil
	}
	if err != nil {
		return fmt.Errorf("wire: send %s: %w", m.Kind, err)
	}
	return nil
}

func (m *Message) appendBody(b []byte) []byte {
	b = append(b, byte(m.Kind))
	b = binary.AppendUvarint(b, m.ID)
	switch m.Kind {
	case KindConfig:
		var cfg Config
		if m.Config != nil {
			cfg = *m.Config
		}
		b = binary.AppendVarint(b, cfg.MemoryLimit)
		b = binary.AppendVarint(b, cfg.OutputLimit)
		b = binary.AppendVarint(b, int64(cfg.MaxGoroutines))
		var flags byte
		if cfg.ProgramExit {
			flags |= 1
		}
		b = append(b, flags)
	case KindReady:
		b = binary.AppendVarint(b, int64(m.PID))
	case KindExecute:
		b = binary.AppendVarint(b, int64(m.Timeout))
		b = appendText(b, m.Code)
	case KindOutput:
		ch := &m.Chunk
		var flags byte
		if ch.Late {
			flags |= 1
		}
		b = append(b, flags)
		b = binary.AppendVarint(b, int64(ch.Offset))
		b = binary.AppendVarint(b, int64(ch.Cell))
		b = binary.AppendUvarint(b, uint64(len(ch.Stream)))
		b = append(b, ch.Stream...)
		b = append(b, ch.Text...)
	case KindResult:
		b = append(b, m.Result...)
	case KindFatal:
		b = appendText(b, m.Reason)
	}
	return b
}

// appendText appends s with each byte that is not part of valid UTF-8
// replaced by U+FFFD.
func appendText(b []byte, s string) []byte {
	if utf8.ValidString(s) {
		return append(b, s...)
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
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
	if cap(c.rbuf) < int(n) {
		c.rbuf = make([]byte, n)
	}
	body := c.rbuf[:n]
	if _, err := io.ReadFull(c.r, body); err != nil {
		return fmt.Errorf("wire: read frame of %d bytes: %w", n, err)
	}
	if cap(c.rbuf) > keepBuf {
		c.rbuf = nil
	}
	*m = Message{}
	if err := m.decode(body); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrBadFrame, m.Kind, err)
	}
	return nil
}

// decode fills m from a frame body. Strings and the result are copied
// out of body, which the Conn reuses.
func (m *Message) decode(body []byte) error {
	d := decoder{b: body}
	m.Kind = Kind(d.byte())
	m.ID = d.uvarint()
	switch m.Kind {
	case KindConfig:
		m.Config = &Config{MemoryLimit: d.varint(), OutputLimit: d.varint(), MaxGoroutines: int(d.varint())}
		m.Config.ProgramExit = d.byte()&1 != 0
	case KindReady:
		m.PID = int(d.varint())
	case KindExecute:
		m.Timeout = time.Duration(d.varint())
		m.Code = string(d.rest())
	case KindInterrupt:
	case KindOutput:
		flags := d.byte()
		m.Chunk.Late = flags&1 != 0
		m.Chunk.Offset = time.Duration(d.varint())
		m.Chunk.Cell = int(d.varint())
		m.Chunk.Stream = stream(d.bytes(d.uvarint()))
		m.Chunk.Text = string(d.rest())
	case KindResult:
		m.Result = append([]byte(nil), d.rest()...)
	case KindFatal:
		m.Reason = string(d.rest())
	default:
		return errors.New("unknown kind")
	}
	if d.err != nil {
		return d.err
	}
	if len(d.b) > 0 {
		return fmt.Errorf("%d bytes after the last field", len(d.b))
	}
	return nil
}

// stream returns the stream name in b, without allocating for the two
// names every chunk carries.
func stream(b []byte) string {
	switch string(b) {
	case "stdout":
		return "stdout"
	case "stderr":
		return "stderr"
	}
	return string(b)
}

// decoder reads the fields of a frame body; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

var errShort = errors.New("frame ends inside a field")

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.b = nil
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail(errShort)
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	d.skip(n)
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	d.skip(n)
	return v
}

// skip drops the n bytes of the varint just read; n <= 0 means that it
// was cut short or overflowed, and that it read as 0.
func (d *decoder) skip(n int) {
	if n <= 0 {
		d.fail(errShort)
		return
	}
	d.b = d.b[n:]
}

func (d *decoder) bytes(n uint64) []byte {
	if n > uint64(len(d.b)) {
		d.fail(errShort)
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) rest() []byte {
	v := d.b
	d.b = nil
	return v
}
