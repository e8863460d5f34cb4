package engine

import (
	"context"
	"testing"

	"gonote/kernel"
)

// BenchmarkNew measures starting a session.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		s, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkTrivialCell measures a cell that prints one line, in process.
func BenchmarkTrivialCell(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Execute(ctx, `import "fmt"`, nil); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := s.Execute(ctx, `fmt.Println("hi")`, func(kernel.Chunk) {})
		if err != nil || res.Status != kernel.StatusOK {
			b.Fatalf("Execute = %+v, %v", res, err)
		}
	}
}
