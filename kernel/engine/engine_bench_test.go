package engine

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"gonote/internal/gcfloor"
	"gonote/kernel"
)

// benchSession starts a session for a benchmark, outside its timer.
func benchSession(b *testing.B) *Session {
	b.Helper()
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// mustExecute runs code and fails the benchmark unless the cell succeeds.
func mustExecute(b *testing.B, s *Session, code string) kernel.Result {
	b.Helper()
	res, err := s.Execute(context.Background(), code, func(kernel.Chunk) {})
	if err != nil || res.Status != kernel.StatusOK {
		b.Fatalf("Execute(%q) = %+v, %v", code, res, err)
	}
	return res
}

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

// BenchmarkTrivialCell measures a cell that prints one line, in process:
// "execute" through Execute with the collector paced as Go's defaults pace
// it, "kernel" as a kernel worker runs it, through ExecuteInline with the
// collector paced by gcfloor.Kernel. yaegi's cost per evaluation grows
// with the evaluations before it, so the session is renewed every 1,000
// cells, outside the timer; see BenchmarkGoroutineCell for the cost of a
// long session.
func BenchmarkTrivialCell(b *testing.B) {
	b.Run("execute", func(b *testing.B) {
		benchTrivialCell(b, (*Session).Execute)
	})
	b.Run("kernel", func(b *testing.B) {
		defer gcfloor.Start(gcfloor.Kernel).Stop()
		benchTrivialCell(b, func(s *Session, ctx context.Context, code string, out func(kernel.Chunk)) (kernel.Result, error) {
			return s.ExecuteInline(ctx, code, out, nil)
		})
	})
}

func benchTrivialCell(b *testing.B, execute func(*Session, context.Context, string, func(kernel.Chunk)) (kernel.Result, error)) {
	const perSession = 1000
	s := benchSession(b)
	n := 0
	for b.Loop() {
		if n == perSession {
			b.StopTimer()
			s.Close()
			s = benchSession(b)
			n = 0
			b.StartTimer()
		}
		res, err := execute(s, context.Background(), `fmt.Println("hi")`, func(kernel.Chunk) {})
		if err != nil || res.Status != kernel.StatusOK {
			b.Fatalf("trivial cell: %+v, %v", res, err)
		}
		n++
	}
	s.Close()
}

// goroutineCell starts 10,000 goroutines that each send one value.
const goroutineCell = `ch := make(chan int)
for i := range 10000 {
	go func() { ch <- i }()
}
sum := 0
for range 10000 {
	sum += <-ch
}
fmt.Println(sum)`

// BenchmarkGoroutineCell measures the 10,000-goroutine cell in a fresh
// session and after 2,000 earlier cells: the second should cost at most
// 1.5 times the first.
func BenchmarkGoroutineCell(b *testing.B) {
	for _, prior := range []int{0, 2000} {
		b.Run(fmt.Sprintf("after=%d", prior), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := benchSession(b)
				for i := range prior {
					mustExecute(b, s, fmt.Sprintf("v%d := %d\n_ = v%d", i, i, i))
				}
				b.StartTimer()
				mustExecute(b, s, goroutineCell)
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkRetainedPerCell reports the heap a session keeps per executed
// trivial cell (bytes/cell), measured after garbage collection over 1,000
// cells.
func BenchmarkRetainedPerCell(b *testing.B) {
	const cells = 1000
	var total float64
	for b.Loop() {
		b.StopTimer()
		s := benchSession(b)
		mustExecute(b, s, `fmt.Println("warm up")`)
		before := heapInUse()
		b.StartTimer()
		for range cells {
			mustExecute(b, s, `fmt.Println("hi")`)
		}
		b.StopTimer()
		total += float64(heapInUse()-before) / cells
		runtime.KeepAlive(s)
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(total/float64(b.N), "bytes/cell")
}

func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// BenchmarkTimestamp reports the offset of a line printed after a 100 ms
// sleep, on average and at worst (ms); it should be 100 to 102.
func BenchmarkTimestamp(b *testing.B) {
	s := benchSession(b)
	defer s.Close()
	var worst, total time.Duration
	for b.Loop() {
		var second time.Duration
		n := 0
		res, err := s.Execute(context.Background(), "fmt.Println(1)\ntime.Sleep(100 * time.Millisecond)\nfmt.Println(2)", func(c kernel.Chunk) {
			if n++; n == 2 {
				second = c.Offset
			}
		})
		if err != nil || res.Status != kernel.StatusOK || n != 2 {
			b.Fatalf("Execute = %+v, %v, %d chunks", res, err, n)
		}
		worst = max(worst, second)
		total += second
	}
	b.ReportMetric(float64(worst)/float64(time.Millisecond), "ms-worst")
	b.ReportMetric(float64(total)/float64(b.N)/float64(time.Millisecond), "ms-mean")
}

// BenchmarkParallelCPU reports CPU time over wall time for a cell whose two
// goroutines work in parallel (cpu/wall): near 2 on two free cores.
func BenchmarkParallelCPU(b *testing.B) {
	s := benchSession(b)
	defer s.Close()
	var cpu, wall time.Duration
	for b.Loop() {
		res := mustExecute(b, s, parallelWork)
		cpu += res.CPU
		wall += res.Duration
	}
	b.ReportMetric(float64(cpu)/float64(wall), "cpu/wall")
}
