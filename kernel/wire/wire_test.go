package wire

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		msg  Message
	}{
		{"config", Message{Kind: KindConfig, Config: &Config{MemoryLimit: 1 << 30, OutputLimit: 2 << 20, MaxGoroutines: 100, ProgramExit: true}}},
		{"ready", Message{Kind: KindReady, PID: 4242}},
		{"execute", Message{Kind: KindExecute, ID: 7, Code: "fmt.Println(\"hi\")\n\x00odd bytes\xff", Timeout: 3 * time.Second}},
		{"interrupt", Message{Kind: KindInterrupt, ID: 7}},
		{"output", Message{Kind: KindOutput, ID: 7, Chunk: Chunk{Stream: "stdout", Text: "hi\n", Offset: 12, Cell: 3}}},
		{"late output", Message{Kind: KindOutput, Chunk: Chunk{Stream: "stderr", Text: "bye\xfe\n", Offset: -1, Cell: 2, Late: true}}},
		{"empty output", Message{Kind: KindOutput, ID: 1 << 60, Chunk: Chunk{Stream: "stdout"}}},
		{"result", Message{Kind: KindResult, ID: 7, Result: []byte(`{"status":"ok","execution_count":1}`)}},
		{"fatal", Message{Kind: KindFatal, Reason: "memory limit exceeded"}},
		{"large", Message{Kind: KindExecute, ID: 1, Code: strings.Repeat("x", 1<<20)}},
	}
	var buf bytes.Buffer
	c := NewConn(&buf, &buf)
	for _, tt := range tests {
		if err := c.Send(&tt.msg); err != nil {
			t.Fatalf("Send(%s): %v", tt.name, err)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Message
			if err := c.Recv(&got); err != nil {
				t.Fatalf("Recv: %v", err)
			}
			want := tt.msg
			want.Code = asJSON(want.Code) // output text travels as its bytes
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Recv after Send(%s) mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
	var m Message
	if err := c.Recv(&m); !errors.Is(err, io.EOF) {
		t.Errorf("Recv at the end = %v, want io.EOF", err)
	}
}

// asJSON returns s as a trip through JSON leaves it: text travels as
// UTF-8, each byte that is not part of valid UTF-8 becoming U+FFFD.
func asJSON(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	var out string
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

func TestRecvErrors(t *testing.T) {
	frame := func(body string) []byte {
		return append(binary.BigEndian.AppendUint32(nil, uint32(len(body))), body...)
	}
	tests := []struct {
		name string
		in   []byte
		want error // nil: any error
	}{
		{"cut header", []byte{0, 0}, io.ErrUnexpectedEOF},
		{"cut body", frame("\x02\x00\x84\x03")[:6], io.ErrUnexpectedEOF},
		{"too large", binary.BigEndian.AppendUint32(nil, MaxFrame+1), ErrFrameTooLarge},
		{"empty", frame(""), ErrBadFrame},
		{"unknown kind", frame("\x63\x00"), ErrBadFrame},
		{"cut field", frame("\x05\x07\x00\x18"), ErrBadFrame},
		{"stream past the end", frame("\x05\x07\x00\x18\x02\x10std"), ErrBadFrame},
		{"trailing bytes", frame("\x04\x07\x00"), ErrBadFrame},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewConn(bytes.NewReader(tt.in), io.Discard)
			var m Message
			err := c.Recv(&m)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("Recv(%q) = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func FuzzRecv(f *testing.F) {
	var buf bytes.Buffer
	c := NewConn(nil, &buf)
	c.Send(&Message{Kind: KindReady, PID: 4242})
	c.Send(&Message{Kind: KindOutput, ID: 3, Chunk: Chunk{Stream: "stdout", Text: "hi\n", Offset: 12, Cell: 3}})
	f.Add(buf.Bytes())
	f.Add([]byte{0, 0, 0, 2, 5, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		c := NewConn(bytes.NewReader(in), io.Discard)
		for {
			var m Message
			if err := c.Recv(&m); err != nil {
				return
			}
		}
	})
}

// FuzzSendRecv checks that what Send writes, Recv reads back unchanged,
// for any field values (code and reasons made valid UTF-8, as they
// travel; output as its bytes).
func FuzzSendRecv(f *testing.F) {
	f.Add(uint64(7), int64(12), 3, true, "stdout", "hi\n", "x := 1")
	f.Add(uint64(0), int64(-1), -5, false, "", "\xff\xfe", "")
	f.Fuzz(func(t *testing.T, id uint64, ns int64, cell int, late bool, stream, text, code string) {
		if !utf8.ValidString(stream) {
			t.Skip()
		}
		sent := []Message{
			{Kind: KindOutput, ID: id, Chunk: Chunk{Stream: stream, Text: text, Offset: time.Duration(ns), Cell: cell, Late: late}},
			{Kind: KindExecute, ID: id, Code: code, Timeout: time.Duration(ns)},
			{Kind: KindConfig, Config: &Config{MemoryLimit: ns, OutputLimit: -ns, MaxGoroutines: cell, ProgramExit: late}},
			{Kind: KindFatal, Reason: text},
		}
		var buf bytes.Buffer
		c := NewConn(&buf, &buf)
		for i := range sent {
			if err := c.Send(&sent[i]); err != nil {
				t.Fatalf("Send(%s): %v", sent[i].Kind, err)
			}
		}
		for _, want := range sent {
			var got Message
			if err := c.Recv(&got); err != nil {
				t.Fatalf("Recv after Send(%s): %v", want.Kind, err)
			}
			want.Code, want.Reason = asJSON(want.Code), asJSON(want.Reason)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Recv after Send(%s) mismatch (-want +got):\n%s", want.Kind, diff)
			}
		}
	})
}
