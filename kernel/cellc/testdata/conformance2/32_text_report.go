// Building a text report with strings.Builder, tabular fmt, and text/tabwriter.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
)

type Line struct {
	Product string
	Units   int
	Price   float64
}

func (l Line) Amount() float64 { return float64(l.Units) * l.Price }

type Report struct {
	Title string
	Lines []Line
}

func (r Report) String() string {
	var b strings.Builder
	b.WriteString(r.Title + "\n")
	b.WriteString(strings.Repeat("=", len(r.Title)) + "\n")
	total := 0.0
	for i, l := range r.Lines {
		fmt.Fprintf(&b, "%2d. %-8s %3d x %6.2f = %8.2f\n", i+1, l.Product, l.Units, l.Price, l.Amount())
		total += l.Amount()
	}
	fmt.Fprintf(&b, "%29s %8.2f", "total", total)
	return b.String()
}

func main() {
	r := Report{"Sales", []Line{{"widget", 3, 2.5}, {"gadget", 10, 0.99}, {"doohick", 1, 100}}}
	sort.Slice(r.Lines, func(i, j int) bool { return r.Lines[i].Amount() > r.Lines[j].Amount() })
	fmt.Println(r)
	w := tabwriter.NewWriter(os.Stdout, 0, 8, 1, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "a\tbbb\tc\t")
	fmt.Fprintln(w, "aaaa\tb\tcccc\t")
	w.Flush()
	tw := tabwriter.NewWriter(os.Stdout, 4, 0, 2, ' ', 0)
	for _, l := range r.Lines {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\n", l.Product, l.Units, l.Price)
	}
	tw.Flush()
	fmt.Fprintf(os.Stdout, "%s|%5.1f|%-6v|\n", "end", 3.14159, true)
	os.Stdout.WriteString("direct write\n")
	fmt.Fprint(os.Stdout, "no newline", 1, "\n")
	lines := strings.Split("b\na\nc", "\n")
	sort.Sort(sort.Reverse(sort.StringSlice(lines)))
	fmt.Println(strings.Join(lines, ","))
	r2 := strings.NewReplacer("a", "1", "b", "2")
	fmt.Println(r2.Replace("abcab"))
	fmt.Println(strings.Cut("key=value", "="))
	before, found := strings.CutPrefix("v1.2", "v")
	fmt.Println(before, found)
}
