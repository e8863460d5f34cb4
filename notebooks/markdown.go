package notebooks

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// cellMarker separates two markdown cells that follow each other in a
// Markdown notebook; without it they would read back as one cell. It is an
// HTML comment, so it does not show when the file is rendered.
const cellMarker = "<!-- cell -->"

// fence is an opening code fence: a run of at least three backticks or
// tildes, indented by at most three spaces, then an info string.
type fence struct {
	char byte
	n    int
	info string
	line int
}

// openFence reports whether text (a line without its line break) opens a
// code fence.
func openFence(text string) (fence, bool) {
	t := trimIndent(text)
	if t == "" || (t[0] != '`' && t[0] != '~') {
		return fence{}, false
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 {
		return fence{}, false
	}
	info := t[n:]
	if t[0] == '`' && strings.ContainsRune(info, '`') {
		return fence{}, false
	}
	return fence{char: t[0], n: n, info: trimSpace(info)}, true
}

// isFenceStart reports whether text opens a code fence.
func isFenceStart(text string) bool {
	_, ok := openFence(text)
	return ok
}

// isGo reports whether the fence's info string names Go.
func (f fence) isGo() bool {
	words := strings.Fields(f.info)
	return len(words) > 0 && words[0] == "go"
}

// closes reports whether text (a line without its line break) closes f.
func (f fence) closes(text string) bool {
	t := trimIndent(text)
	n := 0
	for n < len(t) && t[n] == f.char {
		n++
	}
	return n >= f.n && trimSpace(t[n:]) == ""
}

// DecodeMarkdown reads a Markdown notebook: each fenced go block (```go or
// ~~~go) is a code cell, the prose between them a markdown cell with its
// leading and trailing blank lines removed. Other fences stay prose. A line
// holding just "<!-- cell -->" separates two markdown cells. An unclosed
// fence is an error naming its line.
func DecodeMarkdown(data []byte, lim Limits) (*Notebook, error) {
	if err := lim.checkSize(int64(len(data))); err != nil {
		return nil, err
	}
	if !utf8.Valid(data) {
		return nil, invalidUTF8(data)
	}
	nb := New()
	var (
		prose      []string // prose lines, with line breaks
		proseStart int
		other      *fence // an open fence that is not Go, inside prose
		code       *fence // an open go fence
		codeLines  []string
		maxCells   = lim.withDefaults().Cells
	)
	add := func(c *Cell) error {
		if len(nb.Cells) >= maxCells {
			return fmt.Errorf("%w: more than %d cells", ErrTooLarge, maxCells)
		}
		nb.Cells = append(nb.Cells, c)
		return nil
	}
	flush := func() error {
		src, skipped := trimBlankLines(strings.Join(prose, ""))
		prose = nil
		if src == "" {
			return nil
		}
		return add(&Cell{Type: Markdown, Source: src, Line: proseStart + skipped})
	}
	lines := lfLines(string(data))
	for i, line := range lines {
		ln := i + 1
		text := trimEOL(line)
		switch {
		case code != nil:
			if code.closes(text) {
				src := strings.Join(codeLines, "\n")
				if err := add(&Cell{Type: Code, Source: src, Line: code.line + 1}); err != nil {
					return nil, err
				}
				code, codeLines = nil, nil
				continue
			}
			codeLines = append(codeLines, strings.TrimSuffix(line, "\n"))
			continue
		case other != nil:
			if other.closes(text) {
				other = nil
			}
		default:
			if f, ok := openFence(text); ok {
				f.line = ln
				if f.isGo() {
					if err := flush(); err != nil {
						return nil, err
					}
					code = &f
					continue
				}
				other = &f
			} else if trimSpace(text) == cellMarker {
				if err := flush(); err != nil {
					return nil, err
				}
				continue
			}
		}
		if prose == nil {
			proseStart = ln
		}
		prose = append(prose, line)
	}
	if f := code; f != nil || other != nil {
		if f == nil {
			f = other
		}
		return nil, fmt.Errorf("%w: line %d: fence %s is never closed", ErrInvalid, f.line, strings.Repeat(string(f.char), f.n)+f.info)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if err := lim.check(nb); err != nil {
		return nil, err
	}
	nb.EnsureIDs()
	return nb, nil
}

// trimBlankLines removes leading and trailing blank lines and the final
// line break, and says how many lines it removed at the start.
func trimBlankLines(s string) (string, int) {
	lines := lfLines(s)
	start, end := 0, len(lines)
	for start < end && isBlank(lines[start]) {
		start++
	}
	for end > start && isBlank(lines[end-1]) {
		end--
	}
	out := strings.Join(lines[start:end], "")
	return strings.TrimSuffix(out, "\n"), start
}

// EncodeMarkdown writes nb as a Markdown notebook: code cells as ```go
// fences (longer when the source holds backtick runs), markdown and raw
// cells as prose with blank lines trimmed, one blank line between cells.
// Outputs, metadata and empty markdown cells are not stored. A markdown cell
// that would not read back as itself (it opens a go fence, leaves a fence
// open, or holds the cell marker line) is an ErrInvalid error.
func EncodeMarkdown(nb *Notebook) ([]byte, error) {
	var b bytes.Buffer
	prevProse := false
	for i, c := range nb.Cells {
		if c.Type == Code {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			f := fenceFor(c.Source)
			b.WriteString(f + "go\n" + c.Source + "\n" + f + "\n")
			prevProse = false
			continue
		}
		src, _ := trimBlankLines(c.Source)
		if src == "" {
			continue
		}
		if err := checkProse(src); err != nil {
			return nil, fmt.Errorf("cell %d cannot be kept in a Markdown notebook: %w", i+1, err)
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		if prevProse {
			b.WriteString(cellMarker + "\n\n")
		}
		b.WriteString(src + "\n")
		prevProse = true
	}
	return b.Bytes(), nil
}

// checkProse returns an error when src, written as prose, would not read back
// as one markdown cell with the same source.
func checkProse(src string) error {
	var other *fence
	for i, line := range lfLines(src) {
		text := trimEOL(line)
		if other != nil {
			if other.closes(text) {
				other = nil
			}
			continue
		}
		if f, ok := openFence(text); ok {
			if f.isGo() {
				return fmt.Errorf("%w: line %d opens a go fence, which would become a code cell", ErrInvalid, i+1)
			}
			f.line = i + 1
			other = &f
			continue
		}
		if trimSpace(text) == cellMarker {
			return fmt.Errorf("%w: line %d is the cell marker %s", ErrInvalid, i+1, cellMarker)
		}
	}
	if other != nil {
		return fmt.Errorf("%w: line %d opens a fence that is never closed", ErrInvalid, other.line)
	}
	return nil
}

// fenceFor returns a backtick fence longer than any backtick run that starts
// a line of src, so that no line of src closes it.
func fenceFor(src string) string {
	longest := 0
	for _, line := range lfLines(src) {
		t := trimIndent(line)
		n := 0
		for n < len(t) && t[n] == '`' {
			n++
		}
		longest = max(longest, n)
	}
	return strings.Repeat("`", max(3, longest+1))
}

// DecodeGo reads a Go source file as a notebook with one code cell.
func DecodeGo(data []byte, lim Limits) (*Notebook, error) {
	if err := lim.checkSize(int64(len(data))); err != nil {
		return nil, err
	}
	if !utf8.Valid(data) {
		return nil, invalidUTF8(data)
	}
	nb := New()
	nb.Cells = []*Cell{{Type: Code, Source: string(data), Line: 1}}
	if err := lim.check(nb); err != nil {
		return nil, err
	}
	nb.EnsureIDs()
	return nb, nil
}

// Format is a notebook file format, named by its file extension.
type Format string

// The formats gonote reads; only IPYNB and MD are written.
const (
	IPYNB Format = ".ipynb"
	MD    Format = ".md"
	GoSrc Format = ".go"
)

// FormatOf returns the format of a file name, or "" when it is none of them.
func FormatOf(name string) Format {
	switch f := Format(strings.ToLower(path.Ext(name))); f {
	case IPYNB, MD, GoSrc:
		return f
	}
	return ""
}

// Decode reads a notebook in the format its name's extension says. Errors
// name the file and what is wrong with it.
func Decode(name string, data []byte, lim Limits) (*Notebook, error) {
	var (
		nb  *Notebook
		err error
	)
	switch FormatOf(name) {
	case IPYNB:
		nb, err = DecodeIPYNB(data, lim)
	case MD:
		nb, err = DecodeMarkdown(data, lim)
	case GoSrc:
		nb, err = DecodeGo(data, lim)
	default:
		return nil, fmt.Errorf("read %s: %w: not a .ipynb, .md or .go file", name, ErrBadPath)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return nb, nil
}

// Encode writes nb in the format its name's extension says (.ipynb or .md).
func Encode(name string, nb *Notebook) ([]byte, error) {
	var (
		data []byte
		err  error
	)
	switch FormatOf(name) {
	case IPYNB:
		data, err = EncodeIPYNB(nb)
	case MD:
		data, err = EncodeMarkdown(nb)
	default:
		return nil, fmt.Errorf("write %s: %w: gonote writes only .ipynb and .md notebooks", name, ErrBadPath)
	}
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", name, err)
	}
	return data, nil
}
