// I/O-bound work: reading several "slow files" (readers that block a little
// on every chunk) one after another, then all at once.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// slowReader delays each Read, like a disk or a network socket.
type slowReader struct {
	r     io.Reader
	delay time.Duration
	reads int
}

func (s *slowReader) Read(p []byte) (int, error) {
	time.Sleep(s.delay)
	s.reads++
	if len(p) > 8 {
		p = p[:8]
	}
	return s.r.Read(p)
}

type fileStat struct {
	name         string
	lines, words int
	bytes        int64
	longest      string
}

func scan(name string, r io.Reader) fileStat {
	st := fileStat{name: name}
	cr := &countingReader{r: r}
	sc := bufio.NewScanner(cr)
	for sc.Scan() {
		st.lines++
		for _, w := range strings.Fields(sc.Text()) {
			st.words++
			if len(w) > len(st.longest) {
				st.longest = w
			}
		}
	}
	st.bytes = cr.n
	return st
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func main() {
	dir, err := os.MkdirTemp("", "slowfiles")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	contents := map[string]string{
		"menu.txt":   "coffee latte mocha\ntea\n",
		"orders.txt": "ana latte\nben mocha\ncleo espresso\n",
		"notes.txt":  "the machine is slow today\n",
	}
	for name, body := range contents {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			panic(err)
		}
	}
	names := make([]string, 0, len(contents))
	for n := range contents {
		names = append(names, n)
	}
	sort.Strings(names)

	open := func(name string) io.Reader {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			panic(err)
		}
		return &slowReader{r: bytes.NewReader(data), delay: 200 * time.Microsecond}
	}

	fmt.Println("sequential:")
	for _, n := range names {
		st := scan(n, open(n))
		fmt.Printf("  %-10s %2d lines %2d words %3d bytes longest=%q\n", st.name, st.lines, st.words, st.bytes, st.longest)
	}

	fmt.Println("concurrent:")
	stats := make([]fileStat, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stats[i] = scan(n, open(n))
		}()
	}
	wg.Wait()
	var total fileStat
	for _, st := range stats {
		fmt.Printf("  %+v\n", st)
		total.lines += st.lines
		total.words += st.words
		total.bytes += st.bytes
	}
	fmt.Printf("total: lines=%d words=%d bytes=%d\n", total.lines, total.words, total.bytes)

	// io.MultiReader and io.TeeReader over slow readers.
	var copyBuf bytes.Buffer
	mr := io.MultiReader(open("menu.txt"), strings.NewReader("--\n"), open("notes.txt"))
	all, _ := io.ReadAll(io.TeeReader(mr, &copyBuf))
	fmt.Printf("%q\n", all)
	fmt.Println("tee copy equal:", bytes.Equal(all, copyBuf.Bytes()))
	sr := &slowReader{r: strings.NewReader(strings.Repeat("x", 20)), delay: 0}
	n, _ := io.Copy(io.Discard, sr)
	fmt.Println("copied", n, "bytes in", sr.reads, "reads")
}
