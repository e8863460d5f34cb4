package notebooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits bound what a notebook may hold. The zero value means the defaults.
type Limits struct {
	// FileSize is the largest file read or written, in bytes (32 MiB).
	FileSize int64
	// Cells is the most cells a notebook may have (10000).
	Cells int
	// CellSource is the largest cell source, in bytes (4 MiB).
	CellSource int
}

// The default limits, used when a Limits field is zero.
const (
	DefaultFileSize   = 32 << 20
	DefaultCells      = 10000
	DefaultCellSource = 4 << 20
)

func (l Limits) withDefaults() Limits {
	if l.FileSize <= 0 {
		l.FileSize = DefaultFileSize
	}
	if l.Cells <= 0 {
		l.Cells = DefaultCells
	}
	if l.CellSource <= 0 {
		l.CellSource = DefaultCellSource
	}
	return l
}

// check returns an ErrTooLarge error when nb holds more than l allows.
func (l Limits) check(nb *Notebook) error {
	l = l.withDefaults()
	if len(nb.Cells) > l.Cells {
		return fmt.Errorf("%w: %d cells, the limit is %d", ErrTooLarge, len(nb.Cells), l.Cells)
	}
	for i, c := range nb.Cells {
		if len(c.Source) > l.CellSource {
			return fmt.Errorf("%w: cell %d has %d bytes of source, the limit is %d", ErrTooLarge, i+1, len(c.Source), l.CellSource)
		}
	}
	return nil
}

// checkSize returns an ErrTooLarge error when n bytes are over the file limit.
func (l Limits) checkSize(n int64) error {
	if max := l.withDefaults().FileSize; n > max {
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, n, max)
	}
	return nil
}

// DecodeIPYNB reads an nbformat 4.0–4.5 notebook. Errors wrap ErrInvalid or
// ErrTooLarge and say which field is wrong, as in
// "cells[2].source: want a string or a list of strings, got a number".
func DecodeIPYNB(data []byte, lim Limits) (*Notebook, error) {
	if err := lim.checkSize(int64(len(data))); err != nil {
		return nil, err
	}
	if !utf8.Valid(data) {
		return nil, invalidUTF8(data)
	}
	// The notebook keeps raw JSON that points into data; a copy keeps it
	// safe from callers that reuse their buffer. A byte order mark, which
	// some Windows editors add, is dropped.
	data = bytes.Clone(bytes.TrimPrefix(data, []byte("\ufeff")))
	// One full check up front; after it the tree is split with a fast
	// scanner that relies on the JSON being valid.
	if !json.Valid(data) {
		var v any
		return nil, jsonError(data, "", json.Unmarshal(data, &v))
	}
	top, ok := splitObject(data)
	if !ok {
		return nil, fmt.Errorf("%w: want a JSON object, got %s", ErrInvalid, kind(data))
	}
	d := &decoder{}
	major := d.int(top, "", "nbformat", true)
	minor := d.int(top, "", "nbformat_minor", true)
	if d.err != nil {
		return nil, d.err
	}
	if major != 4 || minor < 0 || minor > 5 {
		return nil, fmt.Errorf("%w: nbformat %d.%d is not supported (gonote reads 4.0 to 4.5)", ErrInvalid, major, minor)
	}
	nb := &Notebook{FormatMinor: minor}
	nb.Metadata = d.object(top, "", "metadata", true)
	cells := d.array(top, "", "cells", true)
	if d.err != nil {
		return nil, d.err
	}
	if len(cells) > lim.withDefaults().Cells {
		return nil, fmt.Errorf("%w: %d cells, the limit is %d", ErrTooLarge, len(cells), lim.withDefaults().Cells)
	}
	for i, raw := range cells {
		c := d.cell(raw, fmt.Sprintf("cells[%d]", i))
		if d.err != nil {
			return nil, d.err
		}
		nb.Cells = append(nb.Cells, c)
	}
	nb.Extra = rest(top, "nbformat", "nbformat_minor", "metadata", "cells")
	if err := lim.check(nb); err != nil {
		return nil, err
	}
	nb.EnsureIDs()
	return nb, nil
}

// decoder walks a decoded JSON tree; the first error sticks.
type decoder struct{ err error }

func (d *decoder) fail(path, format string, args ...any) {
	if d.err == nil {
		if path != "" {
			path += ": "
		}
		d.err = fmt.Errorf("%w: %s%s", ErrInvalid, path, fmt.Sprintf(format, args...))
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// field decodes obj[key] into v, failing with "want <want>" on a type error.
// A missing key fails when required; a present null always fails.
func (d *decoder) field(obj map[string]json.RawMessage, path, key string, required bool, v any, want string) bool {
	if d.err != nil {
		return false
	}
	raw, ok := obj[key]
	if !ok {
		if required {
			d.fail(join(path, key), "missing")
		}
		return false
	}
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		d.fail(join(path, key), "want %s, got null", want)
		return false
	}
	if err := json.Unmarshal(raw, v); err != nil {
		d.fail(join(path, key), "want %s, got %s", want, kind(raw))
		return false
	}
	return true
}

func (d *decoder) int(obj map[string]json.RawMessage, path, key string, required bool) int {
	var n int
	d.field(obj, path, key, required, &n, "an integer")
	return n
}

func (d *decoder) string(obj map[string]json.RawMessage, path, key string, required bool) string {
	if s, ok := plainString(obj[key]); ok && d.err == nil {
		return s
	}
	var s string
	d.field(obj, path, key, required, &s, "a string")
	return s
}

// plainString decodes a JSON string token without escapes, the common case,
// without the cost of json.Unmarshal.
func plainString(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' || bytes.IndexByte(raw, '\\') >= 0 {
		return "", false
	}
	return string(raw[1 : len(raw)-1]), true
}

func (d *decoder) object(obj map[string]json.RawMessage, path, key string, required bool) map[string]json.RawMessage {
	raw := d.rawObject(obj, path, key, required)
	if raw == nil {
		return nil
	}
	m, _ := splitObject(raw)
	return m
}

// rawObject returns obj[key] as is when it is a JSON object.
func (d *decoder) rawObject(obj map[string]json.RawMessage, path, key string, required bool) json.RawMessage {
	if d.err != nil {
		return nil
	}
	raw, ok := obj[key]
	if !ok {
		if required {
			d.fail(join(path, key), "missing")
		}
		return nil
	}
	if k := kind(raw); k != "an object" {
		d.fail(join(path, key), "want an object, got %s", k)
		return nil
	}
	return raw
}

// array returns the elements of the list obj[key].
func (d *decoder) array(obj map[string]json.RawMessage, path, key string, required bool) []json.RawMessage {
	if d.err != nil {
		return nil
	}
	raw, ok := obj[key]
	if !ok {
		if required {
			d.fail(join(path, key), "missing")
		}
		return nil
	}
	list, ok := splitArray(raw)
	if !ok {
		d.fail(join(path, key), "want a list, got %s", kind(raw))
	}
	return list
}

// multiline decodes nbformat's multi-line string: a string or a list of
// strings to concatenate.
func (d *decoder) multiline(obj map[string]json.RawMessage, path, key string, required bool) string {
	if d.err != nil {
		return ""
	}
	raw, ok := obj[key]
	if !ok {
		if required {
			d.fail(join(path, key), "missing")
		}
		return ""
	}
	switch kind(raw) {
	case "a string":
		if s, ok := plainString(raw); ok {
			return s
		}
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			return s
		}
	case "a list":
		items, _ := splitArray(raw)
		var b strings.Builder
		for _, it := range items {
			s, ok := plainString(it)
			if !ok && (kind(it) != "a string" || json.Unmarshal(it, &s) != nil) {
				d.fail(join(path, key), "want a string or a list of strings, got a list holding %s", kind(it))
				return ""
			}
			b.WriteString(s)
		}
		return b.String()
	}
	d.fail(join(path, key), "want a string or a list of strings, got %s", kind(raw))
	return ""
}

// count decodes an execution count: an integer or null.
func (d *decoder) count(obj map[string]json.RawMessage, path, key string) *int {
	if d.err != nil {
		return nil
	}
	raw, ok := obj[key]
	if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil
	}
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		d.fail(join(path, key), "want an integer or null, got %s", kind(raw))
		return nil
	}
	return &n
}

func (d *decoder) cell(raw json.RawMessage, path string) *Cell {
	obj, ok := splitObject(raw)
	if !ok {
		d.fail(path, "want an object, got %s", kind(raw))
		return nil
	}
	c := &Cell{}
	c.Type = CellType(d.string(obj, path, "cell_type", true))
	if d.err != nil {
		return nil
	}
	switch c.Type {
	case Code, Markdown, Raw:
	default:
		d.fail(join(path, "cell_type"), "unknown cell type %q", c.Type)
		return nil
	}
	if _, ok := obj["id"]; ok {
		c.ID = d.string(obj, path, "id", false)
	}
	c.Source = d.multiline(obj, path, "source", true)
	c.Metadata = d.object(obj, path, "metadata", false)
	if c.Metadata == nil {
		c.Metadata = map[string]json.RawMessage{}
	}
	known := []string{"cell_type", "id", "source", "metadata"}
	if c.Type == Code {
		c.ExecutionCount = d.count(obj, path, "execution_count")
		outs := d.array(obj, path, "outputs", false)
		for i, o := range outs {
			out := d.output(o, fmt.Sprintf("%s.outputs[%d]", path, i))
			if d.err != nil {
				return nil
			}
			c.Outputs = append(c.Outputs, out)
		}
		known = append(known, "execution_count", "outputs")
	} else {
		c.Attachments = d.rawObject(obj, path, "attachments", false)
		known = append(known, "attachments")
	}
	c.Extra = rest(obj, known...)
	return c
}

func (d *decoder) output(raw json.RawMessage, path string) Output {
	obj, ok := splitObject(raw)
	if !ok {
		d.fail(path, "want an object, got %s", kind(raw))
		return Output{}
	}
	o := Output{Type: d.string(obj, path, "output_type", true)}
	known := []string{"output_type"}
	switch o.Type {
	case OutputStream:
		o.Name = d.string(obj, path, "name", true)
		o.Text = d.multiline(obj, path, "text", true)
		known = append(known, "name", "text")
	case OutputError:
		o.EName = d.string(obj, path, "ename", true)
		o.EValue = d.string(obj, path, "evalue", true)
		d.field(obj, path, "traceback", true, &o.Traceback, "a list of strings")
		known = append(known, "ename", "evalue", "traceback")
	case OutputDisplay, OutputResult:
		o.Data = d.rawObject(obj, path, "data", true)
		o.OutputMetadata = d.rawObject(obj, path, "metadata", false)
		known = append(known, "data", "metadata")
		if o.Type == OutputResult {
			o.ExecutionCount = d.count(obj, path, "execution_count")
			known = append(known, "execution_count")
		}
	default:
		if d.err == nil {
			d.fail(join(path, "output_type"), "unknown output type %q", o.Type)
		}
	}
	o.Extra = rest(obj, known...)
	return o
}

// rest returns the keys of obj not in known, or nil when there are none.
func rest(obj map[string]json.RawMessage, known ...string) map[string]json.RawMessage {
	var extra map[string]json.RawMessage
outer:
	for k, v := range obj {
		for _, kn := range known {
			if k == kn {
				continue outer
			}
		}
		if extra == nil {
			extra = map[string]json.RawMessage{}
		}
		extra[k] = v
	}
	return extra
}

// kind names the JSON type of raw for error messages.
func kind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// jsonError turns a JSON syntax error into an ErrInvalid error with a line
// and column.
func jsonError(data []byte, path string, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		// Offset counts the offending byte; point at it.
		line, col := position(data, syn.Offset-1)
		return fmt.Errorf("%w: malformed JSON at line %d, column %d: %v", ErrInvalid, line, col, syn)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("%w: want a JSON object, got %s", ErrInvalid, typ.Value)
	}
	return fmt.Errorf("%w: malformed JSON: %v", ErrInvalid, err)
}

// position converts a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

func invalidUTF8(data []byte) error {
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	line, col := position(data, int64(off))
	return fmt.Errorf("%w: invalid UTF-8 at line %d, column %d", ErrInvalid, line, col)
}

// EncodeIPYNB writes nb as nbformat 4.5 JSON in the layout JupyterLab uses
// (one-space indent, sorted keys, multi-line strings as lists of lines), so a
// file JupyterLab wrote and gonote did not change is written back byte for
// byte. Cells without a valid id get one first (see [Notebook.EnsureIDs]).
func EncodeIPYNB(nb *Notebook) ([]byte, error) {
	nb.EnsureIDs()
	top := map[string]any{}
	for k, v := range nb.Extra {
		top[k] = v
	}
	meta := nb.Metadata
	if meta == nil {
		meta = map[string]json.RawMessage{}
	}
	top["metadata"] = meta
	top["nbformat"] = 4
	top["nbformat_minor"] = 5
	cells := make([]any, 0, len(nb.Cells))
	for _, c := range nb.Cells {
		cells = append(cells, encodeCell(c))
	}
	top["cells"] = cells
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(top); err != nil {
		return nil, fmt.Errorf("encode notebook: %w", err)
	}
	return unescapeLineSeparators(b.Bytes()), nil
}

// unescapeLineSeparators turns the \u2028 and \u2029 escapes that
// encoding/json always writes back into the characters, as Python's json
// module (and so JupyterLab) writes them. An escape is only one when an even
// number of backslashes precedes it.
func unescapeLineSeparators(data []byte) []byte {
	if !bytes.Contains(data, []byte(`\u202`)) {
		return data
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+5 < len(data) && string(data[i+1:i+5]) == "u202" && (data[i+5] == '8' || data[i+5] == '9') {
			out = append(out, string(rune(0x2020+int(data[i+5]-'0')))...)
			i += 5
			continue
		}
		// Any other escape: copy the backslash and the escaped byte.
		out = append(out, c)
		if i+1 < len(data) {
			out = append(out, data[i+1])
			i++
		}
	}
	return out
}

func encodeCell(c *Cell) map[string]any {
	m := map[string]any{}
	for k, v := range c.Extra {
		m[k] = v
	}
	m["id"] = c.ID
	m["cell_type"] = c.Type
	m["source"] = lineList(c.Source)
	meta := c.Metadata
	if meta == nil {
		meta = map[string]json.RawMessage{}
	}
	m["metadata"] = meta
	if c.Type == Code {
		m["execution_count"] = c.ExecutionCount
		outs := make([]any, 0, len(c.Outputs))
		for _, o := range c.Outputs {
			outs = append(outs, encodeOutput(o))
		}
		m["outputs"] = outs
	} else if c.Attachments != nil {
		m["attachments"] = c.Attachments
	}
	return m
}

func encodeOutput(o Output) map[string]any {
	m := map[string]any{}
	for k, v := range o.Extra {
		m[k] = v
	}
	m["output_type"] = o.Type
	switch o.Type {
	case OutputStream:
		m["name"] = o.Name
		m["text"] = lineList(o.Text)
	case OutputError:
		m["ename"] = o.EName
		m["evalue"] = o.EValue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["traceback"] = tb
	case OutputDisplay, OutputResult:
		data := o.Data
		if data == nil {
			data = json.RawMessage(`{}`)
		}
		m["data"] = data
		md := o.OutputMetadata
		if md == nil {
			md = json.RawMessage(`{}`)
		}
		m["metadata"] = md
		if o.Type == OutputResult {
			m["execution_count"] = o.ExecutionCount
		}
	}
	return m
}

// lineList is s as nbformat's list of lines, never null.
func lineList(s string) []string {
	l := splitLines(s)
	if l == nil {
		l = []string{}
	}
	return l
}
