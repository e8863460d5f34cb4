// Reusing buffers across requests with sync.Pool: handlers format replies
// into pooled bytes.Buffers; the result does not depend on reuse.
package main

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
)

var created atomic.Int32

var bufPool = sync.Pool{
	New: func() any {
		created.Add(1)
		return new(bytes.Buffer)
	},
}

func render(id int, items []string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	buf.WriteString("order ")
	buf.WriteString(strconv.Itoa(id))
	buf.WriteByte(':')
	for i, it := range items {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(buf, " %s", it)
	}
	return buf.String()
}

func main() {
	menu := [][]string{{"latte"}, {"mocha", "scone"}, {"tea", "tea", "cake"}, {}}
	out := make([]string, 20)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = render(i, menu[i%len(menu)])
		}()
	}
	wg.Wait()
	for _, s := range out[:5] {
		fmt.Println(s)
	}
	sorted := append([]string(nil), out...)
	sort.Strings(sorted)
	fmt.Println("first sorted:", sorted[0])
	fmt.Println("buffers created <= 20:", created.Load() <= 20, "> 0:", created.Load() > 0)

	// Get without a New func on an empty pool returns nil.
	var empty sync.Pool
	fmt.Println("empty pool:", empty.Get())
	empty.Put("x")
	v := empty.Get()
	fmt.Println("after put:", v == "x" || v == nil)

	var b bytes.Buffer
	b.WriteString("hello, ")
	b.Write([]byte("world"))
	fmt.Fprintf(&b, " #%d", 1)
	fmt.Println(b.String(), b.Len())
	line, err := b.ReadString(',')
	fmt.Printf("%q %v %q\n", line, err, b.String())
	b.Truncate(3)
	fmt.Printf("%q\n", b.String())
}
