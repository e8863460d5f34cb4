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

	"github.com/google/go-cmp/cmp"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		msg  Message
	}{
		{"config", Message{Kind: KindConfig, Config: &Config{MemoryLimit: 1 << 30, OutputLimit: 2 << 20, MaxGoroutines: 100}}},
		{"ready", Message{Kind: KindReady, PID: 4242}},
		{"execute", Message{Kind: KindExecute, ID: 7, Code: "fmt.Println(\"hi\")\n\x00odd bytes\xff", Timeout: 3 * time.Second}},
		{"interrupt", Message{Kind: KindInterrupt, ID: 7}},
		{"output", Message{Kind: KindOutput, ID: 7, Chunk: json.RawMessage(`{"name":"stdout","text":"hi\n","t_ns":12}`)}},
		{"result", Message{Kind: KindResult, ID: 7, Result: json.RawMessage(`{"status":"ok","execution_count":1}`)}},
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
			if want.Code != "" {
				// JSON carries text: invalid UTF-8 becomes U+FFFD.
				want.Code = strings.ToValidUTF8(want.Code, "\uFFFD")
			}
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
		{"cut body", frame(`{"kind":"ready"}`)[:10], io.ErrUnexpectedEOF},
		{"too large", binary.BigEndian.AppendUint32(nil, MaxFrame+1), ErrFrameTooLarge},
		{"not json", frame(`{kind`), nil},
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
	f.Add(append(binary.BigEndian.AppendUint32(nil, 16), `{"kind":"ready"}`...))
	f.Add([]byte{0, 0, 0, 2, '{', '}'})
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
