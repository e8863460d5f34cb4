package notebooks

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Sentinel errors, checked with errors.Is.
var (
	// ErrNotFound means no notebook is at that path.
	ErrNotFound = errors.New("notebook not found")
	// ErrExists means a create, copy or rename would replace a notebook.
	ErrExists = errors.New("notebook already exists")
	// ErrConflict means a save was based on another version than the
	// file on disk.
	ErrConflict = errors.New("notebook changed on disk")
	// ErrBadPath means a path is not a notebook path inside the store.
	ErrBadPath = errors.New("bad notebook path")
	// ErrReadOnly means a write to a lesson, which cannot change.
	ErrReadOnly = errors.New("notebook is read-only")
	// ErrTooLarge means a file, a cell count or a cell source is over
	// its limit.
	ErrTooLarge = errors.New("notebook too large")
	// ErrInvalid means a file is not a well-formed notebook.
	ErrInvalid = errors.New("invalid notebook")
)

// CellType is the kind of a cell, as nbformat spells it.
type CellType string

// The cell types of nbformat 4.
const (
	Code     CellType = "code"
	Markdown CellType = "markdown"
	Raw      CellType = "raw"
)

// Output types, as nbformat spells them.
const (
	OutputStream  = "stream"
	OutputError   = "error"
	OutputDisplay = "display_data"
	OutputResult  = "execute_result"
)

// Notebook is an ordered list of cells with notebook-level metadata.
type Notebook struct {
	// Metadata is the notebook's metadata object, key by key, as raw JSON,
	// so that keys gonote does not know survive a round trip.
	Metadata map[string]json.RawMessage
	// Cells are the cells in order.
	Cells []*Cell
	// FormatMinor is the nbformat minor version the notebook was read
	// with; files are always written as 4.5.
	FormatMinor int
	// Extra holds unknown top-level keys, written back unchanged.
	Extra map[string]json.RawMessage
}

// Cell is one cell of a notebook.
type Cell struct {
	// ID is the nbformat 4.5 cell id. Cells read without a valid, unique
	// id get a stable one derived from their position and source.
	ID     string
	Type   CellType
	Source string
	// Metadata is the cell's metadata object, key by key, as raw JSON.
	// Timing lives here under "execution" and "gonote"; see [Cell.Timing].
	Metadata map[string]json.RawMessage
	// Attachments is a markdown or raw cell's attachments object, kept as is.
	Attachments json.RawMessage
	// ExecutionCount is a code cell's execution count; nil when not run.
	ExecutionCount *int
	// Outputs are a code cell's outputs, in order.
	Outputs []Output
	// Line is the 1-based line of the cell's first source line in the file
	// it was read from (Markdown notebooks and Go files); 0 when unknown.
	// It is not written anywhere.
	Line int
	// Extra holds unknown keys of the cell object, written back unchanged.
	Extra map[string]json.RawMessage
}

// Output is one output of a code cell, in nbformat's shapes. Stream and
// error outputs are decoded; display_data and execute_result bundles are
// kept as raw JSON.
type Output struct {
	Type string
	// Name and Text: stream outputs ("stdout" or "stderr").
	Name string
	Text string
	// EName, EValue and Traceback: error outputs.
	EName     string
	EValue    string
	Traceback []string
	// Data and OutputMetadata: display_data and execute_result, as is.
	Data           json.RawMessage
	OutputMetadata json.RawMessage
	// ExecutionCount: execute_result.
	ExecutionCount *int
	// Extra holds unknown keys of the output object.
	Extra map[string]json.RawMessage
}

// Metadata keys gonote writes.
const (
	metaKernelspec   = "kernelspec"
	metaLanguageInfo = "language_info"
	metaExecution    = "execution"
	metaGonote       = "gonote"
)

// New returns an empty notebook with gonote's kernelspec and language.
func New() *Notebook {
	nb := &Notebook{FormatMinor: 5}
	nb.SetKernel()
	return nb
}

// SetKernel sets the notebook's kernelspec and language_info to gonote's,
// as a notebook gonote executed should say.
func (nb *Notebook) SetKernel() {
	if nb.Metadata == nil {
		nb.Metadata = map[string]json.RawMessage{}
	}
	nb.Metadata[metaKernelspec] = json.RawMessage(`{"display_name":"Go (gonote)","language":"go","name":"gonote"}`)
	nb.Metadata[metaLanguageInfo] = json.RawMessage(`{"codemirror_mode":"go","file_extension":".go","mimetype":"text/x-go","name":"go"}`)
}

// cellIDPattern is nbformat 4.5's pattern for cell ids.
var cellIDPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// EnsureIDs gives every cell without a valid, unique id a new one. The new
// id is derived from the cell's position, type and source, so reading the
// same file twice gives the same ids.
func (nb *Notebook) EnsureIDs() {
	seen := make(map[string]bool, len(nb.Cells))
	for _, c := range nb.Cells {
		if cellIDPattern.MatchString(c.ID) && !seen[c.ID] {
			seen[c.ID] = true
		}
	}
	used := make(map[string]bool, len(nb.Cells))
	for i, c := range nb.Cells {
		if cellIDPattern.MatchString(c.ID) && !used[c.ID] {
			used[c.ID] = true
			continue
		}
		sum := sha256.Sum256([]byte(strconv.Itoa(i) + "\x00" + string(c.Type) + "\x00" + c.Source))
		id := hex.EncodeToString(sum[:4])
		for n := 1; seen[id] || used[id]; n++ {
			id = fmt.Sprintf("%s-%d", hex.EncodeToString(sum[:4]), n)
		}
		c.ID = id
		used[id] = true
	}
}

// Timing is how a code cell's last run went, as kept in cell metadata.
type Timing struct {
	// Start and End are wall-clock times of the run; they become
	// JupyterLab's "execution" keys.
	Start time.Time
	End   time.Time
	// Status is the kernel's status string ("ok", "error", ...).
	Status string
	// Duration is the wall time, CPU the CPU time used while the cell ran.
	Duration time.Duration
	CPU      time.Duration
	// GoroutinesLeft counts goroutines the cell left running.
	GoroutinesLeft int
	// Chunks times each piece of output, in the order it arrived, up to
	// MaxChunkTimes of them; ChunksDropped counts the pieces past that.
	Chunks        []ChunkTime
	ChunksDropped int
}

// MaxChunkTimes is the most chunks a cell's timing records, so that a cell
// printing in a tight loop does not bloat its notebook.
const MaxChunkTimes = 1000

// ChunkTime places one chunk of output in the cell's outputs and in time.
// Its fields are declared in the order of their JSON keys, so they are
// written sorted, as JupyterLab writes keys.
type ChunkTime struct {
	// Late marks output written after the cell had ended.
	Late bool `json:"late,omitempty"`
	// Output is the index of the output holding the chunk, Pos the byte
	// offset of the chunk in that output's text.
	Output int `json:"output"`
	Pos    int `json:"pos"`
	// Offset is the time from the cell's start to the write.
	Offset time.Duration `json:"t_ns"`
}

// gonoteMeta is the JSON shape of the "gonote" cell metadata object.
type gonoteMeta struct {
	Status         string      `json:"status"`
	DurationNS     int64       `json:"duration_ns"`
	CPUNS          int64       `json:"cpu_ns"`
	GoroutinesLeft int         `json:"goroutines_left"`
	Chunks         []ChunkTime `json:"chunks"`
	ChunksDropped  int         `json:"chunks_dropped"`
}

// jupyterTime is the time format of JupyterLab's execution metadata.
const jupyterTime = "2006-01-02T15:04:05.000000Z"

// SetTiming records a run's timing in the cell's metadata: JupyterLab's
// "execution" keys and gonote's own "gonote" object.
func (c *Cell) SetTiming(t Timing) {
	if c.Metadata == nil {
		c.Metadata = map[string]json.RawMessage{}
	}
	start, end := t.Start.UTC().Format(jupyterTime), t.End.UTC().Format(jupyterTime)
	exec, _ := json.Marshal(map[string]string{
		"iopub.status.busy":           start,
		"iopub.execute_input":         start,
		"shell.execute_reply.started": start,
		"shell.execute_reply":         end,
		"iopub.status.idle":           end,
	})
	chunks := t.Chunks
	if chunks == nil {
		chunks = []ChunkTime{}
	}
	// A map, so the keys come out sorted as JupyterLab would write them.
	m := map[string]any{
		"status":          t.Status,
		"duration_ns":     int64(t.Duration),
		"cpu_ns":          int64(t.CPU),
		"goroutines_left": t.GoroutinesLeft,
		"chunks":          chunks,
	}
	if t.ChunksDropped > 0 {
		m["chunks_dropped"] = t.ChunksDropped
	}
	g, _ := json.Marshal(m)
	c.Metadata[metaExecution] = exec
	c.Metadata[metaGonote] = g
}

// Timing returns the timing recorded in the cell's metadata, and false when
// there is none or it cannot be read.
func (c *Cell) Timing() (Timing, bool) {
	raw, ok := c.Metadata[metaGonote]
	if !ok {
		return Timing{}, false
	}
	var g gonoteMeta
	if err := json.Unmarshal(raw, &g); err != nil {
		return Timing{}, false
	}
	t := Timing{
		Status:         g.Status,
		Duration:       time.Duration(g.DurationNS),
		CPU:            time.Duration(g.CPUNS),
		GoroutinesLeft: g.GoroutinesLeft,
		Chunks:         g.Chunks,
		ChunksDropped:  g.ChunksDropped,
	}
	var exec map[string]string
	if json.Unmarshal(c.Metadata[metaExecution], &exec) == nil {
		t.Start, _ = time.Parse(time.RFC3339Nano, exec["iopub.execute_input"])
		t.End, _ = time.Parse(time.RFC3339Nano, exec["shell.execute_reply"])
	}
	return t, true
}

// ClearRun removes a code cell's outputs, execution count and timing.
func (c *Cell) ClearRun() {
	c.Outputs = nil
	c.ExecutionCount = nil
	delete(c.Metadata, metaExecution)
	delete(c.Metadata, metaGonote)
}

// Title returns the text of the notebook's first level-one heading ("# "),
// and Summary the first paragraph after it; both are "" when missing.
func (nb *Notebook) Title() (title, summary string) {
	found := false
	var para []string
	for _, c := range nb.Cells {
		if c.Type != Markdown {
			if found {
				break
			}
			continue
		}
		var open *fence
		for _, line := range lfLines(c.Source) {
			line = trimEOL(line)
			text := trimIndent(line)
			if open != nil {
				if open.closes(line) {
					open = nil
				}
				continue
			}
			f, isFence := openFence(line)
			if !found {
				if isFence {
					open = &f
				} else if h, ok := h1(text); ok {
					title, found = h, true
				}
				continue
			}
			blank := isBlank(line)
			if blank && para == nil {
				continue
			}
			if blank || text[0] == '#' || isFence {
				return title, joinPara(para)
			}
			para = append(para, text)
		}
		if para != nil {
			return title, joinPara(para)
		}
	}
	return title, joinPara(para)
}

// h1 reports whether line (indent removed) is a level-one ATX heading and
// returns its text.
func h1(line string) (string, bool) {
	if len(line) < 2 || line[0] != '#' || (line[1] != ' ' && line[1] != '\t') {
		return "", false
	}
	text := trimSpace(line[2:])
	// An optional closing sequence of #s preceded by a space.
	end := len(text)
	for end > 0 && text[end-1] == '#' {
		end--
	}
	if end == 0 {
		return "", true
	}
	if end < len(text) && (text[end-1] == ' ' || text[end-1] == '\t') {
		text = trimSpace(text[:end])
	}
	return text, true
}

func joinPara(lines []string) string {
	s := ""
	for i, l := range lines {
		if i > 0 {
			s += " "
		}
		s += trimSpace(l)
	}
	return s
}
