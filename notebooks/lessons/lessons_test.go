package lessons_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gonote/kernel"
	"gonote/kernel/engine"
	"gonote/kernel/worker"
	"gonote/notebooks"
)

var update = flag.Bool("update", false, "rewrite the golden outputs in testdata/golden from this run")

// workerEnv switches the test binary into the kernel worker role: the
// tests start real kernel processes by re-executing themselves.
const workerEnv = "GONOTE_LESSONS_TEST_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		err := worker.Main(context.Background(), worker.Options{New: func(o worker.EngineOptions) (kernel.Runner, error) {
			return engine.New(engine.Options{Late: o.Late, Extra: o.Extra, OutputLimit: o.OutputLimit})
		}})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// lessonFile is one lesson in one language.
type lessonFile struct {
	lang string // "en", or the folder name of a translation
	path string // relative to this package's folder
	slug string // the file name without ".md", such as "01-sync-vs-async"
}

// name is the subtest name: "en/01-sync-vs-async".
func (l lessonFile) name() string { return l.lang + "/" + l.slug }

// lessonFiles lists every lesson: the English ones, then the translations.
func lessonFiles(t *testing.T) []lessonFile {
	t.Helper()
	var out []lessonFile
	for _, pattern := range []string{"*.md", "*/*.md"} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatalf("Glob(%q): %v", pattern, err)
		}
		for _, p := range paths {
			lang := "en"
			if d := filepath.Dir(p); d != "." {
				lang = d
			}
			out = append(out, lessonFile{lang: lang, path: p, slug: strings.TrimSuffix(filepath.Base(p), ".md")})
		}
	}
	if len(out) == 0 {
		t.Fatal("no lessons found")
	}
	return out
}

// parsed is a lesson read through package notebooks, the way gonote reads it.
type parsed struct {
	title, summary string
	code           []string // the code cells, in order
	prose          string   // every Markdown cell, joined
}

func parse(t *testing.T, l lessonFile) parsed {
	t.Helper()
	data, err := os.ReadFile(l.path)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := notebooks.DecodeMarkdown(data, notebooks.Limits{})
	if err != nil {
		t.Fatalf("DecodeMarkdown(%s): %v", l.path, err)
	}
	var p parsed
	p.title, p.summary = nb.Title()
	var prose []string
	for _, c := range nb.Cells {
		switch c.Type {
		case notebooks.Code:
			p.code = append(p.code, c.Source)
		case notebooks.Markdown:
			prose = append(prose, c.Source)
		}
	}
	p.prose = strings.Join(prose, "\n\n")
	return p
}

// An exercise cell starts with the line "// exercise: NAME". The lines
// after it, up to the line starting with "// check:", are the reader's
// answer (the placeholder as shipped); from that line on is the check,
// which prints a line starting with "PASS: " or "FAIL: " and why. The
// reference answer is testdata/solutions/NAME.go, a file whose package
// clause is dropped and whose rest replaces the placeholder.
const (
	exercisePrefix = "// exercise: "
	checkPrefix    = "// check:"
)

// exerciseName returns the exercise a cell holds, or "".
func exerciseName(code string) string {
	first, _, _ := strings.Cut(code, "\n")
	if name, ok := strings.CutPrefix(first, exercisePrefix); ok {
		return strings.TrimSpace(name)
	}
	return ""
}

var packageClause = regexp.MustCompile(`(?m)^package \w+\n+`)

// withSolution returns the exercise cell with its placeholder replaced by
// the reference answer from testdata/solutions.
func withSolution(code string) (string, error) {
	name := exerciseName(code)
	first, rest, _ := strings.Cut(code, "\n")
	i := strings.Index(rest, "\n"+checkPrefix)
	if i < 0 {
		return "", fmt.Errorf("exercise %s: no line starting with %q", name, checkPrefix)
	}
	sol, err := os.ReadFile(filepath.Join("testdata", "solutions", name+".go"))
	if err != nil {
		return "", fmt.Errorf("exercise %s: %w", name, err)
	}
	answer := strings.TrimSpace(packageClause.ReplaceAllString(string(sol), ""))
	return first + "\n" + answer + "\n" + rest[i:], nil
}

// spec holds what a lesson claims beyond its golden output, from
// testdata/specs/SLUG.json. Cells are named by a piece of their code that
// occurs in exactly one code cell (the code is the same in every language).
type spec struct {
	// Faster claims: the cell Fast runs at least Ratio times faster (wall
	// time) than the cell Slow.
	Faster []struct {
		Slow  string  `json:"slow"`
		Fast  string  `json:"fast"`
		Ratio float64 `json:"ratio"`
	} `json:"faster"`
	// Parallel claims, checked when the machine has at least two CPUs:
	// the cell's CPU time is more than CPUOverWall times its wall time.
	Parallel []struct {
		Cell        string  `json:"cell"`
		CPUOverWall float64 `json:"cpu_over_wall"`
	} `json:"parallel"`
	// Unordered names cells whose output order depends on scheduling on
	// purpose; their lines are compared as a sorted set.
	Unordered []string `json:"unordered"`
}

func readSpec(t *testing.T, slug string) spec {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "specs", slug+".json"))
	if err != nil {
		t.Fatalf("lesson %s needs a spec: %v", slug, err)
	}
	var s spec
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("spec %s: %v", slug, err)
	}
	return s
}

// cellIndex finds the one code cell that contains piece.
func cellIndex(code []string, piece string) (int, error) {
	found := -1
	for i, c := range code {
		if strings.Contains(c, piece) {
			if found >= 0 {
				return -1, fmt.Errorf("%q occurs in cells %d and %d", piece, found+1, i+1)
			}
			found = i
		}
	}
	if found < 0 {
		return -1, fmt.Errorf("%q occurs in no code cell", piece)
	}
	return found, nil
}

// TestLessonShape checks what every lesson must have, without a kernel:
// a title and a one-sentence summary, code cells, "try this" suggestions,
// an exercise with a reference answer, a spec, and a translation with the
// same code.
func TestLessonShape(t *testing.T) {
	files := lessonFiles(t)
	english := map[string]parsed{}
	langs := map[string]int{}
	for _, l := range files {
		p := parse(t, l)
		langs[l.lang]++
		if l.lang == "en" {
			english[l.slug] = p
		}
		t.Run(l.name(), func(t *testing.T) {
			if !regexp.MustCompile(`^\d\d-[a-z0-9-]+$`).MatchString(l.slug) {
				t.Errorf("file name %q: want NN-slug.md", l.path)
			}
			if p.title == "" {
				t.Errorf("no title (a first '# ' heading)")
			}
			if p.summary == "" || strings.Count(strings.TrimRight(p.summary, "."), ". ") > 0 {
				t.Errorf("summary %q: want one sentence", p.summary)
			}
			if len(p.code) < 3 {
				t.Errorf("%d code cells, want at least 3", len(p.code))
			}
			try := map[string]string{"en": "## Try this", "ko": "## 해 보기"}[l.lang]
			if try == "" || !strings.Contains(p.prose, try) {
				t.Errorf("no %q section", try)
			}
			exercises := 0
			for _, c := range p.code {
				if exerciseName(c) == "" {
					continue
				}
				exercises++
				if _, err := withSolution(c); err != nil {
					t.Error(err)
				}
				if !strings.Contains(c, `"FAIL: `) || !strings.Contains(c, `"PASS: `) {
					t.Errorf("exercise %s: its check must print PASS: or FAIL: lines", exerciseName(c))
				}
			}
			if exercises == 0 {
				t.Errorf("no exercise cell (first line %q)", exercisePrefix+"NAME")
			}
			readSpec(t, l.slug)
		})
	}
	for _, l := range files {
		if l.lang == "en" {
			continue
		}
		t.Run("same-code/"+l.name(), func(t *testing.T) {
			en, ok := english[l.slug]
			if !ok {
				t.Fatalf("%s has no English original %s.md", l.path, l.slug)
			}
			tr := parse(t, l)
			if got, want := codeShape(tr.code), codeShape(en.code); !cmp.Equal(got, want) {
				t.Errorf("code differs from the English lesson beyond comments and strings (-English +%s):\n%s", l.lang, cmp.Diff(want, got))
			}
		})
	}
	for lang, n := range langs {
		if n != langs["en"] {
			t.Errorf("%d lessons in %q, %d in English: every lesson needs every language", n, lang, langs["en"])
		}
	}
	if langs["en"] < 10 {
		t.Errorf("%d lessons, want at least 10", langs["en"])
	}
}

var (
	lineComment = regexp.MustCompile(`(?m)^\s*//.*\n|\s*//.*$`)
	stringLit   = regexp.MustCompile(`"(\\.|[^"\\])*"`)
)

// codeShape is the code of each cell with comments dropped and string
// literals blanked, so a translation may translate both and nothing else.
func codeShape(cells []string) []string {
	var out []string
	for _, c := range cells {
		c = lineComment.ReplaceAllString(c, "")
		c = stringLit.ReplaceAllString(c, `""`)
		out = append(out, c)
	}
	return out
}
