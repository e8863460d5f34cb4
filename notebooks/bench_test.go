package notebooks

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"
)

// benchNotebook is a notebook of n code cells, each with a few lines of
// source and of output, about 300 bytes of JSON per cell.
func benchNotebook(n int) *Notebook {
	nb := New()
	for i := range n {
		count := i + 1
		c := &Cell{Type: Code, Source: fmt.Sprintf("for i := range %d {\n\tfmt.Println(i)\n}", i), ExecutionCount: &count,
			Outputs: []Output{{Type: OutputStream, Name: "stdout", Text: "0\n1\n2\n"}}}
		nb.Cells = append(nb.Cells, c, &Cell{Type: Markdown, Source: "Some *prose* about the cell above."})
	}
	return nb
}

func BenchmarkDecodeIPYNB(b *testing.B) {
	data, _ := EncodeIPYNB(benchNotebook(500))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DecodeIPYNB(data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeIPYNB(b *testing.B) {
	nb := benchNotebook(500)
	data, _ := EncodeIPYNB(nb)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := EncodeIPYNB(nb); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeMarkdownLessons reads every embedded lesson once per
// iteration.
func BenchmarkDecodeMarkdownLessons(b *testing.B) {
	paths, _ := fs.Glob(lessonFiles, "lessons/*.md")
	var docs [][]byte
	size := 0
	for _, p := range paths {
		d, _ := fs.ReadFile(lessonFiles, p)
		docs = append(docs, d)
		size += len(d)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, d := range docs {
			if _, err := DecodeMarkdown(d, Limits{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkStoreSave measures an atomic, synced save of a 200-cell
// notebook (about 60 KB) with a version check, as the server does on PUT.
func BenchmarkStoreSave(b *testing.B) {
	s, err := Open(b.TempDir(), Options{Lessons: testLessons})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	nb := benchNotebook(100)
	v, err := s.Save(ctx, "bench.ipynb", nb, "")
	if err != nil {
		b.Fatal(err)
	}
	data, _ := EncodeIPYNB(nb)
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		i++
		nb.Cells[0].Source = strings.Repeat("x", i%7)
		if v, err = s.Save(ctx, "bench.ipynb", nb, v); err != nil {
			b.Fatal(err)
		}
	}
}
