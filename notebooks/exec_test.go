package notebooks

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gonote/notebooks/nbtest"
)

// fakeRunner runs a tiny line language, enough to drive Exec:
//
//	out TEXT    writes TEXT and a newline to stdout, 10ms after the last write
//	err TEXT    the same on stderr
//	late TEXT   writes TEXT to stdout as late output of this cell, during
//	            the next Execute
//	fail NAME   fails the cell at this line with error NAME
//	broken      returns a Go error: the kernel broke
type fakeRunner struct {
	count   int
	pending []Chunk // late output to deliver during the next Execute
	codes   []string
}

func (f *fakeRunner) Execute(ctx context.Context, code string, out func(Chunk)) (Result, error) {
	f.count++
	f.codes = append(f.codes, code)
	for _, c := range f.pending {
		out(c)
	}
	f.pending = nil
	var at time.Duration
	res := Result{Status: StatusOK, ExecutionCount: f.count}
	for i, line := range strings.Split(code, "\n") {
		verb, arg, _ := strings.Cut(line, " ")
		at += 10 * time.Millisecond
		switch verb {
		case "out", "err":
			stream := map[string]string{"out": "stdout", "err": "stderr"}[verb]
			out(Chunk{Stream: stream, Text: arg + "\n", Offset: at, Cell: f.count})
		case "late":
			f.pending = append(f.pending, Chunk{Stream: "stdout", Text: arg + "\n", Offset: at + time.Second, Cell: f.count, Late: true})
		case "fail":
			res.Status = "error"
			res.Error = &CellError{Name: arg, Message: "boom", Line: i + 1, Col: 2, Traceback: []string{arg + ": boom", "main.f()\n\tcell:" + strconv.Itoa(i+1)}}
			res.Duration = at
			return res, nil
		case "broken":
			return Result{}, errors.New("worker died")
		}
	}
	res.Duration, res.CPU = at, at/2
	return res, nil
}

func codeNotebook(sources ...string) *Notebook {
	nb := New()
	nb.Cells = append(nb.Cells, &Cell{Type: Markdown, Source: "# Title"})
	for _, s := range sources {
		nb.Cells = append(nb.Cells, &Cell{Type: Code, Source: s, Outputs: []Output{{Type: OutputStream, Name: "stdout", Text: "stale\n"}}})
	}
	return nb
}

func TestExec(t *testing.T) {
	clock := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	tests := []struct {
		name       string
		sources    []string
		keepGoing  bool
		wantOut    string
		wantErr    []string // substrings of stderr
		wantReport ExecReport
		wantCodes  int
	}{
		{
			name:       "three cells",
			sources:    []string{"out a", "out b\nerr warn\nout c", "out d"},
			wantOut:    "a\nb\nc\nd\n",
			wantErr:    []string{"warn\n"},
			wantReport: ExecReport{Ran: 3},
			wantCodes:  3,
		},
		{
			name:       "second cell fails",
			sources:    []string{"out a", "out b\nout c\nfail panic", "out d"},
			wantOut:    "a\nb\nc\n",
			wantErr:    []string{"nb.ipynb: cell 2, line 3:2: panic: boom\n", "\tmain.f()\n\t\tcell:3\n"},
			wantReport: ExecReport{Ran: 2, Failed: 1, Skipped: 1, FirstFailure: 2},
			wantCodes:  2,
		},
		{
			name:       "keep going",
			sources:    []string{"fail compile error", "out b", "fail panic", "out d"},
			keepGoing:  true,
			wantOut:    "b\nd\n",
			wantErr:    []string{"cell 1, line 1:2: compile error: boom", "cell 3, line 1:2: panic: boom"},
			wantReport: ExecReport{Ran: 4, Failed: 2, FirstFailure: 1},
			wantCodes:  4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := codeNotebook(tt.sources...)
			var stdout, stderr bytes.Buffer
			r := &fakeRunner{}
			rep, err := Exec(context.Background(), r, nb, ExecOptions{Name: "nb.ipynb", Stdout: &stdout, Stderr: &stderr, KeepGoing: tt.keepGoing, Now: now})
			if err != nil {
				t.Fatalf("Exec: %v", err)
			}
			if rep != tt.wantReport {
				t.Errorf("report = %+v, want %+v", rep, tt.wantReport)
			}
			if stdout.String() != tt.wantOut {
				t.Errorf("stdout = %q, want %q", stdout.String(), tt.wantOut)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr = %q, want it to contain %q", stderr.String(), w)
				}
			}
			if len(r.codes) != tt.wantCodes {
				t.Errorf("runner ran %d cells, want %d", len(r.codes), tt.wantCodes)
			}
			// Every cell's outputs are this run's: no stale output stays.
			for i, c := range nb.Cells[1:] {
				for _, o := range c.Outputs {
					if o.Text == "stale\n" {
						t.Errorf("cell %d kept a stale output", i+1)
					}
				}
				ran := i < tt.wantCodes
				if ran != (c.ExecutionCount != nil) {
					t.Errorf("cell %d: execution count %v, ran %v", i+1, c.ExecutionCount, ran)
				}
				if _, ok := c.Timing(); ok != ran {
					t.Errorf("cell %d: timing recorded %v, ran %v", i+1, ok, ran)
				}
			}
			data, err := EncodeIPYNB(nb)
			if err != nil {
				t.Fatal(err)
			}
			nbtest.ValidateCanonical(t, data)
		})
	}
}

// TestExecOutputs checks the outputs, counts and timing recorded in cells,
// including late output delivered in the next cell and through Late.
func TestExecOutputs(t *testing.T) {
	start := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := start
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	nb := codeNotebook("out a\nout b\nerr e\nout c\nlate bg", "out d", "fail panic")
	x := NewExecution(nb, ExecOptions{Now: now})
	rep, err := x.Run(context.Background(), &fakeRunner{})
	if err != nil || rep.Failed != 1 {
		t.Fatalf("Run = %+v, %v", rep, err)
	}
	x.Late(Chunk{Stream: "stdout", Text: "after\n", Offset: 5 * time.Second, Cell: 2})

	c1, c2, c3 := nb.Cells[1], nb.Cells[2], nb.Cells[3]
	want1 := []Output{
		{Type: OutputStream, Name: "stdout", Text: "a\nb\n"},
		{Type: OutputStream, Name: "stderr", Text: "e\n"},
		{Type: OutputStream, Name: "stdout", Text: "c\nbg\n"},
	}
	if diff := cmp.Diff(want1, c1.Outputs); diff != "" {
		t.Errorf("cell 1 outputs (-want +got):\n%s", diff)
	}
	t1, _ := c1.Timing()
	wantChunks := []ChunkTime{
		{Output: 0, Pos: 0, Offset: 10 * time.Millisecond},
		{Output: 0, Pos: 2, Offset: 20 * time.Millisecond},
		{Output: 1, Pos: 0, Offset: 30 * time.Millisecond},
		{Output: 2, Pos: 0, Offset: 40 * time.Millisecond},
		{Output: 2, Pos: 2, Offset: 50*time.Millisecond + time.Second, Late: true},
	}
	if diff := cmp.Diff(wantChunks, t1.Chunks); diff != "" {
		t.Errorf("cell 1 chunk timing (-want +got):\n%s", diff)
	}
	if t1.Status != "ok" || t1.Duration != 50*time.Millisecond || t1.CPU != 25*time.Millisecond || !t1.End.After(t1.Start) {
		t.Errorf("cell 1 timing = %+v", t1)
	}
	if diff := cmp.Diff([]Output{{Type: OutputStream, Name: "stdout", Text: "d\nafter\n"}}, c2.Outputs); diff != "" {
		t.Errorf("cell 2 outputs (-want +got):\n%s", diff)
	}
	if len(c3.Outputs) != 1 || c3.Outputs[0].Type != OutputError || c3.Outputs[0].EName != "panic" {
		t.Errorf("cell 3 outputs = %+v, want one error output", c3.Outputs)
	}
	for i, c := range []*Cell{c1, c2, c3} {
		if c.ExecutionCount == nil || *c.ExecutionCount != i+1 {
			t.Errorf("cell %d execution count = %v", i+1, c.ExecutionCount)
		}
	}
	if !strings.Contains(string(nb.Metadata["kernelspec"]), `"gonote"`) {
		t.Errorf("kernelspec = %s", nb.Metadata["kernelspec"])
	}
	data, _ := EncodeIPYNB(nb)
	// The fake runner and clock make the whole file deterministic.
	golden(t, "exec-fake.ipynb", data)
	nbtest.ValidateCanonical(t, data)
}

// TestExecMarkdownLines checks that failures in a Markdown notebook name
// the line in the file as well as the cell and the line in the cell.
func TestExecMarkdownLines(t *testing.T) {
	md := "# T\n\n```go\nout a\n```\n\nText.\n\n```go\nout b\nfail panic\n```\n"
	nb, err := DecodeMarkdown([]byte(md), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	rep, err := Exec(context.Background(), &fakeRunner{}, nb, ExecOptions{Name: "x.md", Stderr: &stderr})
	if err != nil || rep.FirstFailure != 2 {
		t.Fatalf("Exec = %+v, %v", rep, err)
	}
	if want := "x.md:11:2: cell 2, line 2: panic: boom\n"; !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("stderr = %q, want prefix %q", stderr.String(), want)
	}
}

func TestExecRunnerBroken(t *testing.T) {
	nb := codeNotebook("out a", "broken", "out c")
	var stdout bytes.Buffer
	_, err := Exec(context.Background(), &fakeRunner{}, nb, ExecOptions{Stdout: &stdout})
	if err == nil || !strings.Contains(err.Error(), "run cell 2: worker died") {
		t.Errorf("Exec with a broken runner = %v, want an error naming cell 2", err)
	}
	if stdout.String() != "a\n" {
		t.Errorf("stdout = %q", stdout.String())
	}
}

// deadlineRunner reports whether each cell got a deadline.
type deadlineRunner struct{ deadlines []time.Duration }

func (d *deadlineRunner) Execute(ctx context.Context, code string, out func(Chunk)) (Result, error) {
	dl, ok := ctx.Deadline()
	if !ok {
		d.deadlines = append(d.deadlines, 0)
	} else {
		d.deadlines = append(d.deadlines, time.Until(dl))
	}
	return Result{Status: StatusOK, ExecutionCount: len(d.deadlines)}, nil
}

func TestExecCellTimeout(t *testing.T) {
	d := &deadlineRunner{}
	if _, err := Exec(context.Background(), d, codeNotebook("a", "b"), ExecOptions{CellTimeout: time.Hour}); err != nil {
		t.Fatal(err)
	}
	for i, left := range d.deadlines {
		if left <= 50*time.Minute || left > time.Hour {
			t.Errorf("cell %d deadline in %v, want about an hour", i+1, left)
		}
	}
	d = &deadlineRunner{}
	Exec(context.Background(), d, codeNotebook("a"), ExecOptions{})
	if d.deadlines[0] != 0 {
		t.Errorf("without CellTimeout the cell got a deadline in %v", d.deadlines[0])
	}
}

// chattyRunner writes n chunks in one cell.
type chattyRunner struct{ n int }

func (c chattyRunner) Execute(ctx context.Context, code string, out func(Chunk)) (Result, error) {
	for i := range c.n {
		out(Chunk{Stream: "stdout", Text: "x\n", Offset: time.Duration(i), Cell: 1})
	}
	return Result{Status: StatusOK, ExecutionCount: 1}, nil
}

// TestExecChunkCap checks that a cell printing in a loop keeps its whole
// output but times only the first MaxChunkTimes chunks.
func TestExecChunkCap(t *testing.T) {
	nb := codeNotebook("loop")
	if _, err := Exec(context.Background(), chattyRunner{MaxChunkTimes + 5}, nb, ExecOptions{}); err != nil {
		t.Fatal(err)
	}
	c := nb.Cells[1]
	tm, _ := c.Timing()
	if len(tm.Chunks) != MaxChunkTimes || tm.ChunksDropped != 5 {
		t.Errorf("timing has %d chunks, %d dropped; want %d and 5", len(tm.Chunks), tm.ChunksDropped, MaxChunkTimes)
	}
	if len(c.Outputs) != 1 || len(c.Outputs[0].Text) != 2*(MaxChunkTimes+5) {
		t.Errorf("outputs = %d, text %d bytes; want one output of all %d chunks", len(c.Outputs), len(c.Outputs[0].Text), MaxChunkTimes+5)
	}
	if !strings.Contains(string(c.Metadata["gonote"]), `"chunks_dropped":5`) {
		t.Errorf("gonote metadata lacks chunks_dropped: %.200s", c.Metadata["gonote"])
	}
}
