package cellc

import (
	"fmt"
	"runtime"
	"testing"
)

// BenchmarkCompileTrivial measures compiling a trivial cell in a session
// that has already compiled one (the standard library types of fmt are
// loaded): the compiler's share of a trivial cell's cost.
func BenchmarkCompileTrivial(b *testing.B) {
	s := NewSession()
	u, err := s.Compile(`fmt.Println("hi")`, 1)
	if err != nil {
		b.Fatal(err)
	}
	s.Commit(u)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u, err := s.Compile(`fmt.Println("hi")`, i+2)
		if err != nil {
			b.Fatal(err)
		}
		s.Commit(u)
	}
}

// BenchmarkNewSession measures a session's start: what a new kernel pays
// before its first cell.
func BenchmarkNewSession(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = NewSession()
	}
}

// BenchmarkFirstCell measures a fresh session's first cell, which loads the
// export data of the packages it imports.
func BenchmarkFirstCell(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s := NewSession()
		if _, err := s.Compile(`fmt.Println("hi")`, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRetainedPerCell reports the heap a session keeps per committed
// trivial cell (bytes/cell), after 2,000 cells.
func BenchmarkRetainedPerCell(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s := NewSession()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		const cells = 2000
		for n := 1; n <= cells; n++ {
			u, err := s.Compile(fmt.Sprintf("x%d := %d\nfmt.Println(x%d)", n%10, n, n%10), n)
			if err != nil {
				b.Fatal(err)
			}
			s.Commit(u)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/cells, "bytes/cell")
		runtime.KeepAlive(s)
	}
}

// BenchmarkCompileAfter2000 measures compiling a trivial cell in a session
// that has committed 2,000 cells declaring variables, functions and types:
// compile cost must not grow with the session.
func BenchmarkCompileAfter2000(b *testing.B) {
	s := NewSession()
	for n := 1; n <= 2000; n++ {
		src := fmt.Sprintf("type T%d struct{ n int }\nfunc (t T%d) Get() int { return t.n }\nfunc f%d() int { return %d }\nv%d := T%d{f%d()}", n, n, n, n, n, n, n)
		u, err := s.Compile(src, n)
		if err != nil {
			b.Fatal(err)
		}
		s.Commit(u)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u, err := s.Compile(`fmt.Println("hi", v7.Get())`, 2001+i)
		if err != nil {
			b.Fatal(err)
		}
		s.Commit(u)
	}
}
