package notebooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gonote/notebooks/nbtest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// readTestdata returns testdata/name.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

// jsonTree decodes data into plain Go values for comparison.
func jsonTree(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// joinMultiline turns nbformat's lists of lines back into strings, the
// one difference between equivalent notebooks that gonote may introduce.
func joinMultiline(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.([]any); ok && (k == "source" || k == "text") && allStrings(s) {
				var b strings.Builder
				for _, l := range s {
					b.WriteString(l.(string))
				}
				v[k] = b.String()
				continue
			}
			v[k] = joinMultiline(x)
		}
	case []any:
		for i := range v {
			v[i] = joinMultiline(v[i])
		}
	}
	return v
}

func allStrings(l []any) bool {
	for _, x := range l {
		if _, ok := x.(string); !ok {
			return false
		}
	}
	return true
}

// TestIPYNBRoundTrip reads notebooks written by JupyterLab and other tools
// and writes them back: nbformat 4.5 files come back byte for byte, older
// ones come back equal apart from the added cell ids and the version.
func TestIPYNBRoundTrip(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		byteEqual bool
	}{
		{"jupyterlab 4.5 python outputs attachments", "jupyterlab-python.ipynb", true},
		{"jupyterlab 4.5 R kernel svg latex widgets line separator", "jupyterlab-r-widgets.ipynb", true},
		{"nbformat 4.0 without ids", "nbformat40-no-ids.ipynb", false},
	}
	var written [][]byte
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := readTestdata(t, tt.file)
			nb, err := DecodeIPYNB(in, Limits{})
			if err != nil {
				t.Fatalf("DecodeIPYNB(%s): %v", tt.file, err)
			}
			out, err := EncodeIPYNB(nb)
			if err != nil {
				t.Fatalf("EncodeIPYNB: %v", err)
			}
			written = append(written, out)
			if tt.byteEqual {
				if diff := cmp.Diff(string(in), string(out)); diff != "" {
					t.Errorf("round trip of %s changed bytes (-in +out):\n%s", tt.file, diff)
				}
			}
			want, got := jsonTree(t, in), jsonTree(t, out)
			if got["nbformat_minor"] != float64(5) {
				t.Errorf("nbformat_minor = %v, want 5", got["nbformat_minor"])
			}
			delete(want, "nbformat_minor")
			delete(got, "nbformat_minor")
			for _, c := range got["cells"].([]any) {
				id, _ := c.(map[string]any)["id"].(string)
				if !cellIDPattern.MatchString(id) {
					t.Errorf("cell id %q is not a valid nbformat id", id)
				}
			}
			if !tt.byteEqual {
				for _, c := range got["cells"].([]any) {
					delete(c.(map[string]any), "id")
				}
			}
			if diff := cmp.Diff(joinMultiline(want), joinMultiline(got)); diff != "" {
				t.Errorf("round trip of %s lost or changed content (-in +out):\n%s", tt.file, diff)
			}
			// A second round trip changes nothing at all.
			nb2, err := DecodeIPYNB(out, Limits{})
			if err != nil {
				t.Fatalf("DecodeIPYNB(written): %v", err)
			}
			out2, _ := EncodeIPYNB(nb2)
			if !bytes.Equal(out, out2) {
				t.Errorf("second round trip changed the file:\n%s", cmp.Diff(string(out), string(out2)))
			}
		})
	}
	nbtest.ValidateCanonical(t, written...)
}

// TestDecodeIPYNBModel checks what the model holds for a JupyterLab file.
func TestDecodeIPYNBModel(t *testing.T) {
	nb, err := DecodeIPYNB(readTestdata(t, "jupyterlab-python.ipynb"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var types []CellType
	for _, c := range nb.Cells {
		types = append(types, c.Type)
	}
	if diff := cmp.Diff([]CellType{Markdown, Code, Code, Code, Code, Raw}, types); diff != "" {
		t.Errorf("cell types (-want +got):\n%s", diff)
	}
	c := nb.Cells[1]
	if c.ID != "5e7f-code_1" || c.ExecutionCount == nil || *c.ExecutionCount != 3 {
		t.Errorf("cell 2: id %q, count %v; want 5e7f-code_1, 3", c.ID, c.ExecutionCount)
	}
	wantOut := []Output{
		{Type: OutputStream, Name: "stdout", Text: "loading...\nrows: 3\n"},
		{Type: OutputStream, Name: "stderr", Text: "/usr/lib/python3/dist-packages/pandas/x.py:1: FutureWarning: careful\n  warn()\n"},
	}
	if diff := cmp.Diff(wantOut, c.Outputs[:2]); diff != "" {
		t.Errorf("stream outputs (-want +got):\n%s", diff)
	}
	if got := c.Outputs[2]; got.Type != OutputResult || got.ExecutionCount == nil || !strings.Contains(string(got.Data), "text/html") {
		t.Errorf("execute_result = %+v", got)
	}
	if e := nb.Cells[3].Outputs[0]; e.EName != "ZeroDivisionError" || e.EValue != "division by zero" || len(e.Traceback) != 4 {
		t.Errorf("error output = %+v", e)
	}
	if nb.Cells[0].Attachments == nil || !strings.Contains(string(nb.Cells[0].Attachments), "chart.png") {
		t.Errorf("markdown attachments lost: %s", nb.Cells[0].Attachments)
	}
	if title, summary := nb.Title(); title != "Sales report" || !strings.HasPrefix(summary, "A quick look at **Q3**") {
		t.Errorf("Title() = %q, %q", title, summary)
	}
}

// TestDecodeIPYNBErrors feeds bad files and checks each error says what is
// wrong.
func TestDecodeIPYNBErrors(t *testing.T) {
	good := string(readTestdata(t, "nbformat40-no-ids.ipynb"))
	tests := []struct {
		name string
		in   string
		want error
		msg  string
	}{
		{"malformed JSON", `{"cells": [}`, ErrInvalid, "malformed JSON at line 1, column 12"},
		{"not an object", `[1, 2]`, ErrInvalid, "want a JSON object"},
		{"null", `null`, ErrInvalid, "got null"},
		{"nbformat 3", strings.Replace(good, `"nbformat": 4`, `"nbformat": 3`, 1), ErrInvalid, "nbformat 3.0 is not supported"},
		{"nbformat 4.9", strings.Replace(good, `"nbformat_minor": 0`, `"nbformat_minor": 9`, 1), ErrInvalid, "nbformat 4.9 is not supported"},
		{"nbformat a string", strings.Replace(good, `"nbformat": 4`, `"nbformat": "4"`, 1), ErrInvalid, "nbformat: want an integer, got a string"},
		{"missing cells", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}`, ErrInvalid, "cells: missing"},
		{"source a number", strings.Replace(good, `"source": "raw text"`, `"source": 7`, 1), ErrInvalid, "cells[3].source: want a string or a list of strings, got a number"},
		{"unknown cell type", strings.Replace(good, `"cell_type": "raw"`, `"cell_type": "sql"`, 1), ErrInvalid, `cells[3].cell_type: unknown cell type "sql"`},
		{"stream text list of numbers", strings.Replace(good, `"text": "hello\nworld\n"`, `"text": [1]`, 1), ErrInvalid, "cells[1].outputs[0].text: want a string or a list of strings, got a list"},
		{"execution count a string", strings.Replace(good, `"execution_count": 1,`, `"execution_count": "1",`, 1), ErrInvalid, "cells[1].execution_count: want an integer or null, got a string"},
		{"metadata a list", `{"nbformat": 4, "nbformat_minor": 5, "metadata": [], "cells": []}`, ErrInvalid, "metadata: want an object, got a list"},
		{"invalid UTF-8", "{\"cells\": [\"\xff\"]}", ErrInvalid, "invalid UTF-8 at line 1, column 13"},
		{"unknown output type", strings.Replace(good, `"output_type": "stream"`, `"output_type": "plot"`, 1), ErrInvalid, `unknown output type "plot"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeIPYNB([]byte(tt.in), Limits{})
			if !errors.Is(err, tt.want) || !strings.Contains(fmtErr(err), tt.msg) {
				t.Errorf("DecodeIPYNB(%.60q) = %v, want %v containing %q", tt.in, err, tt.want, tt.msg)
			}
		})
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestLimits checks the size, cell-count and cell-source limits.
func TestLimits(t *testing.T) {
	good := readTestdata(t, "nbformat40-no-ids.ipynb")
	tests := []struct {
		name string
		lim  Limits
		msg  string
	}{
		{"file size", Limits{FileSize: 100}, "the limit is 100"},
		{"cells", Limits{Cells: 3}, "4 cells, the limit is 3"},
		{"cell source", Limits{CellSource: 20}, "cell 1 has 55 bytes of source, the limit is 20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeIPYNB(good, tt.lim)
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(fmtErr(err), tt.msg) {
				t.Errorf("DecodeIPYNB with %+v = %v, want ErrTooLarge containing %q", tt.lim, err, tt.msg)
			}
		})
	}
	if _, err := DecodeIPYNB(good, Limits{}); err != nil {
		t.Errorf("DecodeIPYNB with default limits: %v", err)
	}
	if nb, err := DecodeIPYNB(append([]byte("\ufeff"), good...), Limits{}); err != nil || len(nb.Cells) != 4 {
		t.Errorf("DecodeIPYNB with a byte order mark = %v", err)
	}
}

// TestTiming writes timing into a cell and reads it back, and checks the
// written notebook validates with JupyterLab's execution keys in place.
func TestTiming(t *testing.T) {
	nb := New()
	one := 1
	c := &Cell{Type: Code, Source: "fmt.Println(1)", ExecutionCount: &one, Outputs: []Output{{Type: OutputStream, Name: "stdout", Text: "1\n"}}}
	nb.Cells = append(nb.Cells, c)
	start := time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
	want := Timing{
		Start: start, End: start.Add(1500 * time.Millisecond), Status: "ok",
		Duration: 1500 * time.Millisecond, CPU: 2900 * time.Millisecond, GoroutinesLeft: 2,
		Chunks: []ChunkTime{{Output: 0, Pos: 0, Offset: 1200 * time.Microsecond}, {Output: 0, Pos: 2, Offset: 3 * time.Second, Late: true}},
	}
	c.SetTiming(want)
	data, err := EncodeIPYNB(nb)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"iopub.execute_input": "2026-01-02T03:04:05.123456Z"`, `"shell.execute_reply": "2026-01-02T03:04:06.623456Z"`, `"duration_ns": 1500000000`, `"cpu_ns": 2900000000`, `"goroutines_left": 2`, `"t_ns": 1200000`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("written notebook lacks %s:\n%s", key, data)
		}
	}
	back, err := DecodeIPYNB(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := back.Cells[0].Timing()
	if !ok {
		t.Fatal("Timing() found nothing")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Timing round trip (-want +got):\n%s", diff)
	}
	nbtest.ValidateCanonical(t, data)
}

// TestLineSeparators checks that U+2028 and U+2029 are written as the
// characters, as JupyterLab writes them, while a literal backslash-u text
// stays escaped.
func TestLineSeparators(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"line separator", "a\u2028b", "\"a\u2028\",\n    \"b\""},
		{"paragraph separator", "c\u2029", "\"c\u2029\""},
		{"literal backslash u", `d\u2028e`, `"d\\u2028e"`},
		{"escaped backslash before separator", "f\\\u2028", "\"f\\\\\u2028\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := &Notebook{Cells: []*Cell{{Type: Markdown, Source: tt.src}}}
			data, err := EncodeIPYNB(nb)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tt.want) {
				t.Errorf("EncodeIPYNB(%q) = %s, want it to contain %s", tt.src, data, tt.want)
			}
			back, err := DecodeIPYNB(data, Limits{})
			if err != nil || back.Cells[0].Source != tt.src {
				t.Errorf("read back %q, %v; want %q", back.Cells[0].Source, err, tt.src)
			}
		})
	}
}

func TestSplitJSON(t *testing.T) {
	tests := []struct {
		in   string
		obj  map[string]string
		list []string
	}{
		{in: `{}`, obj: map[string]string{}},
		{in: ` { "a" : 1 , "b":[1,{"c":"]}"}], "a\u0062":"x\"y" } `, obj: map[string]string{"a": "1", "b": `[1,{"c":"]}"}]`, "ab": `"x\"y"`}},
		{in: `{"k": true, "k": null}`, obj: map[string]string{"k": "null"}},
		{in: `[]`, list: []string{}},
		{in: `[ "a\\" , {"x":[]}, -1.5e3,null ]`, list: []string{`"a\\"`, `{"x":[]}`, `-1.5e3`, `null`}},
	}
	for _, tt := range tests {
		obj, okObj := splitObject([]byte(tt.in))
		list, okList := splitArray([]byte(tt.in))
		if okObj != (tt.obj != nil) || okList != (tt.list != nil) {
			t.Errorf("split(%s): object %v, list %v", tt.in, okObj, okList)
			continue
		}
		got := map[string]string{}
		for k, v := range obj {
			got[k] = string(v)
		}
		if tt.obj != nil && !cmp.Equal(tt.obj, got) {
			t.Errorf("splitObject(%s) = %v, want %v", tt.in, got, tt.obj)
		}
		var gotList []string
		for _, v := range list {
			gotList = append(gotList, string(v))
		}
		if tt.list != nil && len(tt.list) > 0 && !cmp.Equal(tt.list, gotList) {
			t.Errorf("splitArray(%s) = %q, want %q", tt.in, gotList, tt.list)
		}
	}
}
