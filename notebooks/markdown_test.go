package notebooks

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gonote/notebooks/nbtest"
)

// cellView is what a Markdown notebook keeps of a cell.
type cellView struct {
	Type   CellType
	Source string
	Line   int
}

func views(nb *Notebook) []cellView {
	var v []cellView
	for _, c := range nb.Cells {
		v = append(v, cellView{c.Type, c.Source, c.Line})
	}
	return v
}

func TestDecodeMarkdown(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []cellView
	}{
		{"empty", "", nil},
		{"prose only", "# Title\n\nSome text.\n", []cellView{{Markdown, "# Title\n\nSome text.", 1}}},
		{"prose then code", "# T\n\n```go\nx := 1\n```\n", []cellView{{Markdown, "# T", 1}, {Code, "x := 1", 4}}},
		{"blank lines trimmed", "\n\n  \nText\n\n\n```go\na\n\nb\n```\n\n\nMore\n\n", []cellView{{Markdown, "Text", 4}, {Code, "a\n\nb", 8}, {Markdown, "More", 14}}},
		{"tilde go fence and info words", "~~~go title=x\nx\n~~~\n```go\ny\n```", []cellView{{Code, "x", 2}, {Code, "y", 5}}},
		{"other fences stay prose", "A\n```python\nprint(1)\n```\n```\nplain\n```\nB\n", []cellView{{Markdown, "A\n```python\nprint(1)\n```\n```\nplain\n```\nB", 1}}},
		{"go fence inside another fence is prose", "~~~~md\n```go\nx\n```\n~~~~\n", []cellView{{Markdown, "~~~~md\n```go\nx\n```\n~~~~", 1}}},
		{"longer fence holds backticks", "````go\ns := `\n```\n`\n````\n", []cellView{{Code, "s := `\n```\n`", 2}}},
		{"indented fence up to three spaces", "   ```go\nx\n   ```\n", []cellView{{Code, "x", 2}}},
		{"four spaces is not a fence", "    ```go\n    x\n", []cellView{{Markdown, "    ```go\n    x", 1}}},
		{"closing fence needs no info", "```go\nx\n```go\n```\n", []cellView{{Code, "x\n```go", 2}}},
		{"cell marker splits prose", "One\n\n<!-- cell -->\n\nTwo\n", []cellView{{Markdown, "One", 1}, {Markdown, "Two", 5}}},
		{"empty code cell", "```go\n```\n", []cellView{{Code, "", 2}}},
		{"Go is not go", "```Go\nx\n```\n", []cellView{{Markdown, "```Go\nx\n```", 1}}},
		{"CRLF", "Text\r\n\r\n```go\r\nx\r\n```\r\n", []cellView{{Markdown, "Text\r", 1}, {Code, "x\r", 4}}},
		{"Korean prose", "# 동기와 비동기\n\n설명.\n", []cellView{{Markdown, "# 동기와 비동기\n\n설명.", 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb, err := DecodeMarkdown([]byte(tt.in), Limits{})
			if err != nil {
				t.Fatalf("DecodeMarkdown(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, views(nb)); diff != "" {
				t.Errorf("DecodeMarkdown(%q) cells (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestDecodeMarkdownErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		lim  Limits
		want error
		msg  string
	}{
		{"unclosed go fence", "# T\n\n```go\nx := 1\n", Limits{}, ErrInvalid, "line 3: fence ```go is never closed"},
		{"unclosed other fence", "~~~~ text\nabc\n~~~\n", Limits{}, ErrInvalid, "line 1: fence ~~~~text is never closed"},
		{"invalid UTF-8", "ok\nbad \xc3\x28\n", Limits{}, ErrInvalid, "invalid UTF-8 at line 2, column 5"},
		{"too large", strings.Repeat("a", 101), Limits{FileSize: 100}, ErrTooLarge, "101 bytes, the limit is 100"},
		{"too many cells", "```go\n```\n```go\n```\n```go\n```\n", Limits{Cells: 2}, ErrTooLarge, "more than 2 cells"},
		{"cell source too long", "```go\n0123456789\n```\n", Limits{CellSource: 5}, ErrTooLarge, "cell 1 has 10 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeMarkdown([]byte(tt.in), tt.lim)
			if !errors.Is(err, tt.want) || !strings.Contains(fmtErr(err), tt.msg) {
				t.Errorf("DecodeMarkdown(%q) = %v, want %v containing %q", tt.in, err, tt.want, tt.msg)
			}
		})
	}
}

func TestEncodeMarkdown(t *testing.T) {
	tests := []struct {
		name  string
		cells []*Cell
		want  string
	}{
		{"empty", nil, ""},
		{"prose and code", []*Cell{{Type: Markdown, Source: "# T\n\nText"}, {Type: Code, Source: "x := 1"}, {Type: Markdown, Source: "End"}},
			"# T\n\nText\n\n```go\nx := 1\n```\n\nEnd\n"},
		{"adjacent prose gets a marker", []*Cell{{Type: Markdown, Source: "A"}, {Type: Markdown, Source: "\n\nB\n\n"}},
			"A\n\n<!-- cell -->\n\nB\n"},
		{"empty prose dropped", []*Cell{{Type: Code, Source: "a"}, {Type: Markdown, Source: "\n \n"}, {Type: Code, Source: "b"}},
			"```go\na\n```\n\n```go\nb\n```\n"},
		{"raw cell becomes prose", []*Cell{{Type: Raw, Source: "raw"}}, "raw\n"},
		{"backticks in code", []*Cell{{Type: Code, Source: "s := `\n````\n`"}}, "`````go\ns := `\n````\n`\n`````\n"},
		{"outputs not stored", []*Cell{{Type: Code, Source: "x", Outputs: []Output{{Type: OutputStream, Name: "stdout", Text: "out"}}}}, "```go\nx\n```\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EncodeMarkdown(&Notebook{Cells: tt.cells})
			if err != nil {
				t.Fatalf("EncodeMarkdown: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("EncodeMarkdown = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEncodeMarkdownRefuses(t *testing.T) {
	tests := []struct {
		name, source, msg string
	}{
		{"go fence in prose", "See:\n```go\nx\n```", "line 2 opens a go fence"},
		{"unclosed fence", "```text\nabc", "line 1 opens a fence that is never closed"},
		{"marker in prose", "a\n<!-- cell -->\nb", "line 2 is the cell marker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := &Notebook{Cells: []*Cell{{Type: Code, Source: "x"}, {Type: Markdown, Source: tt.source}}}
			_, err := EncodeMarkdown(nb)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(fmtErr(err), "cell 2") || !strings.Contains(fmtErr(err), tt.msg) {
				t.Errorf("EncodeMarkdown(%q) = %v, want ErrInvalid naming cell 2 and %q", tt.source, err, tt.msg)
			}
		})
	}
}

// TestMarkdownByteStable checks that .md files in the form gonote writes
// read back and write out byte for byte: the golden notebook and every
// lesson.
func TestMarkdownByteStable(t *testing.T) {
	inputs := map[string][]byte{"testdata/notebook.md": readTestdata(t, "notebook.md")}
	lessons, _ := fs.Glob(lessonFiles, "lessons/*.md")
	ko, _ := fs.Glob(lessonFiles, "lessons/*/*.md")
	for _, p := range append(lessons, ko...) {
		data, _ := fs.ReadFile(lessonFiles, p)
		inputs[p] = data
	}
	if len(inputs) < 2 {
		t.Fatalf("no lessons embedded")
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			nb, err := DecodeMarkdown(in, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			once, err := EncodeMarkdown(nb)
			if err != nil {
				t.Fatal(err)
			}
			// Lessons are written in the form gonote writes, so a copy
			// saved as .md is the lesson byte for byte.
			if string(once) != string(in) {
				t.Errorf("%s is not in the form gonote writes (one blank line between cells, no blank lines at cell ends); a round trip changes it:\n%s", name, cmp.Diff(string(in), string(once)))
			}
			nb2, err := DecodeMarkdown(once, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(sources(nb), sources(nb2)); diff != "" {
				t.Errorf("cells changed by a write (-before +after):\n%s", diff)
			}
			twice, _ := EncodeMarkdown(nb2)
			if string(twice) != string(once) {
				t.Errorf("second write differs:\n%s", cmp.Diff(string(once), string(twice)))
			}
		})
	}
}

// sources is a notebook's cells without positions or ids.
func sources(nb *Notebook) []cellView {
	v := views(nb)
	for i := range v {
		v[i].Line = 0
	}
	return v
}

// TestMarkdownIPYNBConversion converts .md to .ipynb and back, and the other
// way, keeping cells and sources; the .ipynb files validate.
func TestMarkdownIPYNBConversion(t *testing.T) {
	md := readTestdata(t, "notebook.md")
	nb, err := DecodeMarkdown(md, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ipynb, err := EncodeIPYNB(nb)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "notebook.ipynb", ipynb)
	back, err := DecodeIPYNB(ipynb, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sources(nb), sources(back)); diff != "" {
		t.Errorf(".md -> .ipynb changed cells (-md +ipynb):\n%s", diff)
	}
	md2, err := EncodeMarkdown(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(md2) != string(md) {
		t.Errorf(".md -> .ipynb -> .md changed bytes:\n%s", cmp.Diff(string(md), string(md2)))
	}

	// .ipynb -> .md -> .ipynb keeps code and markdown cells and sources.
	from := &Notebook{Cells: []*Cell{
		{Type: Markdown, Source: "# Heading\n\nIntro."},
		{Type: Markdown, Source: "Second markdown cell."},
		{Type: Code, Source: "x := 1\nfmt.Println(x)", Outputs: []Output{{Type: OutputStream, Name: "stdout", Text: "1\n"}}},
		{Type: Code, Source: ""},
		{Type: Code, Source: "s := `\n```\n`"},
		{Type: Markdown, Source: "```text\nplain\n```"},
	}}
	mdData, err := EncodeMarkdown(from)
	if err != nil {
		t.Fatal(err)
	}
	again, err := DecodeMarkdown(mdData, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sources(from), sources(again)); diff != "" {
		t.Errorf(".ipynb -> .md changed cells (-before +after):\n%s", diff)
	}
	nbtest.ValidateCanonical(t, ipynb)
}

func TestTitle(t *testing.T) {
	tests := []struct {
		name, md, title, summary string
	}{
		{"heading and paragraph", "# Sync vs async\n\nOne line\nsummary here.\n\nMore.", "Sync vs async", "One line summary here."},
		{"summary in next cell", "# T\n\n```go\nx\n```\n", "T", ""},
		{"summary after marker", "# T\n\n<!-- cell -->\n\nNext cell para.\n", "T", "Next cell para."},
		{"closing hashes", "# Title ##\n\npara", "Title", "para"},
		{"no heading", "## Sub\n\ntext", "", ""},
		{"skips subheading", "# T\n## Sub\ntext", "T", ""},
		{"heading in fence ignored", "~~~\n# not\n~~~\n# Real\n\np", "Real", "p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb, err := DecodeMarkdown([]byte(tt.md), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			title, summary := nb.Title()
			if title != tt.title || summary != tt.summary {
				t.Errorf("Title(%q) = %q, %q; want %q, %q", tt.md, title, summary, tt.title, tt.summary)
			}
		})
	}
}
