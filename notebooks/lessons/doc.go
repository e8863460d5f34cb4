// Package lessons holds gonote's lesson library: Markdown notebooks, one per
// lesson, embedded in the binary by package notebooks. Its tests run every
// code cell of every lesson through a real kernel process.
//
// # Files
//
// An English lesson is NN-slug.md in this folder; its translation into a
// language is LANG/NN-slug.md (ko/ for Korean) with the same NN-slug. The
// NN prefix orders the lessons. Every lesson exists in every language, and
// a translation changes prose, comments and string literals only: its code
// is the English lesson's code.
//
// # Format
//
// A lesson is a Markdown notebook. Prose is Markdown; each fenced go block
// is a code cell; other fences (text, python, ...) stay prose. No outputs
// are stored. The title is the first "# " heading and the one-line summary
// is the first paragraph after it, one sentence. Cells run in order in one
// kernel, REPL style, so declarations and variables carry over from cell to
// cell. Each cell should finish within about a second and a half and leave
// no output for later.
//
// Every lesson has a short explanation, cells that make the point visible
// (in their output or in the timing badge), a "Try this" section ("해 보기"
// in Korean), and at least one exercise.
//
// # Exercises
//
// An exercise is a code cell whose first line is
//
//	// exercise: NAME
//
// The lines after it, up to a line starting with "// check:", are the
// reader's answer, shipped as a placeholder that does the job wrongly.
// From that line on is the check: it calls the answer and prints one line
// starting with "PASS: " or with "FAIL: " followed by what was expected and
// what happened. NAME is unique in the library; testdata/solutions/NAME.go
// holds the reference answer (a Go file whose package clause is dropped
// and whose rest replaces the placeholder).
//
// # Tests
//
// testdata/specs/NN-slug.json states what a lesson claims beyond its
// output, naming cells by a piece of code that occurs in exactly one cell:
// "faster" (one cell's wall time is at least a ratio below another's),
// "parallel" (a cell's CPU time exceeds its wall time by a factor, checked
// on machines with two or more CPUs; a miss is reported as untestable
// rather than failed when two spinning goroutines of the test process,
// measured right after, could not reach that factor either) and "unordered" (cells whose
// output order depends on scheduling on purpose; their lines compare as a
// set). Timing claims are measured up to three times before they fail.
// testdata/golden/LANG/NN-slug.txt is each lesson's expected output, cell
// by cell, with durations replaced by <duration>, followed by each
// exercise's output with the reference answer. go test -update rewrites
// the golden files from a run.
package lessons
