package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"gonote/kernel"
	"gonote/kernel/wire"
)

// fakeEngine runs cells by their code: "block" waits until its context
// ends, "print:TEXT" writes TEXT, anything else does nothing.
type fakeEngine struct {
	n       int
	started chan string // each cell's code, as it starts
	causes  chan error  // the cause that ended each "block" cell
}

func newFakeEngine() *fakeEngine {
	return &fakeEngine{started: make(chan string, 64), causes: make(chan error, 64)}
}

func (e *fakeEngine) Execute(ctx context.Context, code string, out func(kernel.Chunk)) (kernel.Result, error) {
	e.n++ // the worker runs one cell at a time
	e.started <- code
	switch {
	case code == "block":
		<-ctx.Done()
		e.causes <- context.Cause(ctx)
		return kernel.Result{Status: kernel.StatusInterrupted, ExecutionCount: e.n}, nil
	case strings.HasPrefix(code, "print:"):
		out(kernel.Chunk{Stream: kernel.Stdout, Text: strings.TrimPrefix(code, "print:"), Cell: e.n})
	}
	return kernel.Result{Status: kernel.StatusOK, ExecutionCount: e.n}, nil
}

func (e *fakeEngine) Close() error { return nil }

// supervisor is the test's end of an in-process worker's pipes.
type supervisor struct {
	conn   *wire.Conn
	in     io.Closer         // closing it ends the worker's requests
	frames chan wire.Message // what the worker sent, in order
	done   chan error        // Run's error, once it returned
}

// startWorker runs a worker with engine e in this process and returns
// the supervisor's end of its pipes, ready. The pipes are the kernel's,
// as in a real worker: a small frame is sent whether or not the worker
// reads.
func startWorker(t *testing.T, e kernel.Runner) *supervisor {
	t.Helper()
	reqR, reqW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		reqR.Close()
		outR.Close()
	})
	s := &supervisor{conn: wire.NewConn(outR, reqW), in: reqW, frames: make(chan wire.Message, 64), done: make(chan error, 1)}
	go func() {
		err := Run(context.Background(), reqR, outW, Options{New: func(EngineOptions) (kernel.Runner, error) { return e, nil }})
		outW.Close()
		s.done <- err
	}()
	go func() {
		for {
			var m wire.Message
			if s.conn.Recv(&m) != nil {
				close(s.frames)
				return
			}
			s.frames <- m
		}
	}()
	s.send(t, &wire.Message{Kind: wire.KindConfig, Config: &wire.Config{}})
	if m := s.next(t); m.Kind != wire.KindReady {
		t.Fatalf("first frame %s, want ready", m.Kind)
	}
	t.Cleanup(func() {
		reqW.Close()
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			t.Error("the worker did not return after its request pipe closed")
		}
	})
	return s
}

func (s *supervisor) send(t *testing.T, m *wire.Message) {
	t.Helper()
	if err := s.conn.Send(m); err != nil {
		t.Fatalf("send %s: %v", m.Kind, err)
	}
}

// next returns the next frame the worker sent.
func (s *supervisor) next(t *testing.T) wire.Message {
	t.Helper()
	select {
	case m, ok := <-s.frames:
		if !ok {
			t.Fatal("the worker closed its output")
		}
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no frame from the worker within 10s")
		panic("unreachable")
	}
}

// result returns the next frame, which must be the result of cell id.
func (s *supervisor) result(t *testing.T, id uint64) kernel.Result {
	t.Helper()
	m := s.next(t)
	if m.Kind != wire.KindResult || m.ID != id {
		t.Fatalf("frame %s for %d, want the result of %d", m.Kind, m.ID, id)
	}
	var r kernel.Result
	if err := json.Unmarshal(m.Result, &r); err != nil {
		t.Fatalf("result of %d: %v", id, err)
	}
	return r
}

// TestInterruptLongCell: the loop that reads a cell also runs it, so for a
// cell that blocks a fresh loop must take over the requests, or the
// interrupt would never be read; the next cell then runs as usual.
func TestInterruptLongCell(t *testing.T) {
	e := newFakeEngine()
	s := startWorker(t, e)
	s.send(t, &wire.Message{Kind: wire.KindExecute, ID: 1, Code: "block"})
	<-e.started
	s.send(t, &wire.Message{Kind: wire.KindInterrupt, ID: 1})
	if r := s.result(t, 1); r.Status != kernel.StatusInterrupted {
		t.Errorf("blocked cell: status %q, want interrupted", r.Status)
	}
	if cause := <-e.causes; !errors.Is(cause, errInterrupted) {
		t.Errorf("blocked cell ended by %v, want %v", cause, errInterrupted)
	}
	s.send(t, &wire.Message{Kind: wire.KindExecute, ID: 2, Code: "print:next\n"})
	if m := s.next(t); m.Kind != wire.KindOutput || m.ID != 2 || m.Chunk.Text != "next\n" || m.Chunk.Cell != 2 {
		t.Errorf("frame %s %d %+v, want output of cell 2: %q", m.Kind, m.ID, m.Chunk, "next\n")
	}
	if r := s.result(t, 2); r.Status != kernel.StatusOK || r.ExecutionCount != 2 {
		t.Errorf("next cell: status %q, count %d; want ok, 2", r.Status, r.ExecutionCount)
	}
}

// TestTimeout: a cell still running at its timeout is cancelled with
// context.DeadlineExceeded as the cause, which the engine reports as
// timed out, and not before the timeout.
func TestTimeout(t *testing.T) {
	e := newFakeEngine()
	s := startWorker(t, e)
	const timeout = 50 * time.Millisecond
	start := time.Now()
	s.send(t, &wire.Message{Kind: wire.KindExecute, ID: 1, Code: "block", Timeout: timeout})
	s.result(t, 1)
	if took := time.Since(start); took < timeout {
		t.Errorf("the cell was cancelled after %v, before its timeout of %v", took, timeout)
	}
	if cause := <-e.causes; !errors.Is(cause, context.DeadlineExceeded) {
		t.Errorf("cell ended by %v, want %v", cause, context.DeadlineExceeded)
	}
}

// TestCellsInOrder: executes sent without waiting for results run one at
// a time, in order, each with its own output before its result, also
// when the first outlives the hand-over to a fresh loop.
func TestCellsInOrder(t *testing.T) {
	e := newFakeEngine()
	s := startWorker(t, e)
	const n = 20
	go func() {
		s.conn.Send(&wire.Message{Kind: wire.KindExecute, ID: 1, Code: "block", Timeout: 3 * handOverAfter})
		for id := uint64(2); id <= n; id++ {
			s.conn.Send(&wire.Message{Kind: wire.KindExecute, ID: id, Code: fmt.Sprintf("print:%d", id)})
		}
	}()
	s.result(t, 1)
	for id := uint64(2); id <= n; id++ {
		if m := s.next(t); m.Kind != wire.KindOutput || m.ID != id || m.Chunk.Text != fmt.Sprint(id) {
			t.Fatalf("frame %s %d %+v, want the output of cell %d", m.Kind, m.ID, m.Chunk, id)
		}
		if r := s.result(t, id); r.ExecutionCount != int(id) {
			t.Fatalf("cell %d has execution count %d", id, r.ExecutionCount)
		}
	}
}

// TestSupervisorGone: when the request pipe closes while a cell blocks,
// the worker interrupts the cell and returns.
func TestSupervisorGone(t *testing.T) {
	e := newFakeEngine()
	s := startWorker(t, e)
	s.send(t, &wire.Message{Kind: wire.KindExecute, ID: 1, Code: "block"})
	<-e.started
	s.in.Close()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
		s.done <- err // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("the worker did not return after its request pipe closed")
	}
	if cause := <-e.causes; !errors.Is(cause, errInterrupted) {
		t.Errorf("blocked cell ended by %v, want %v", cause, errInterrupted)
	}
}
