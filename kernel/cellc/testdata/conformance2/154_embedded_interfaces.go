package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// Logger is embedded by services, which pass themselves on as Loggers.
type Logger interface {
	Logf(format string, args ...any)
}

type prefixLogger struct {
	prefix string
	mu     *sync.Mutex
	lines  *[]string
}

func (p prefixLogger) Logf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	*p.lines = append(*p.lines, p.prefix+fmt.Sprintf(format, args...))
}

type Service struct {
	Logger
	name string
	hits int
}

type Worker struct {
	*Service
	id int
}

func work(l Logger, n int) { l.Logf("job %d", n) }

// reverse turns a sort.Interface around, the classic embedding.
type reverse struct{ sort.Interface }

func (r reverse) Less(i, j int) bool { return r.Interface.Less(j, i) }

// countingWriter wraps an io.Writer and counts what passes.
type countingWriter struct {
	io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return c.Writer.Write(p)
}

// tagged carries a context with a tag, and is itself a context.
type tagged struct {
	context.Context
	tag string
}

func wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Second):
		return errors.New("too slow")
	}
}

func main() {
	var mu sync.Mutex
	var lines []string
	svc := &Service{Logger: prefixLogger{"[svc] ", &mu, &lines}, name: "svc"}
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := Worker{Service: svc, id: i}
			work(w, i)
			work(w.Service, i*10)
		}()
	}
	wg.Wait()
	var l Logger = *svc
	l.Logf("done by %s", svc.name)
	sort.Strings(lines)
	fmt.Println(strings.Join(lines, "\n"))

	xs := []int{3, 1, 2}
	sort.Sort(reverse{sort.IntSlice(xs)})
	fmt.Println(xs)

	var b strings.Builder
	cw := &countingWriter{Writer: &b}
	fmt.Fprintf(cw, "%s=%d;", "a", 1)
	io.WriteString(cw, "tail")
	fmt.Println(b.String(), cw.n)

	ctx, cancel := context.WithCancel(context.Background())
	t := tagged{Context: ctx, tag: "job-7"}
	go cancel()
	err := wait(t)
	fmt.Println(t.tag, err, errors.Is(err, context.Canceled))
}
