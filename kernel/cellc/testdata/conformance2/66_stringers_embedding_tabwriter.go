// Stringers, fmt verbs with widths, embedding, method values, tabwriter.
package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

type Priority int

const (
	Low Priority = iota
	Medium
	High
)

func (p Priority) String() string {
	switch p {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	}
	return fmt.Sprintf("Priority(%d)", int(p))
}

type Base struct {
	ID      int
	Created time.Duration
}

func (b Base) Describe() string { return fmt.Sprintf("item %d", b.ID) }
func (b *Base) Touch()          { b.Created += time.Second }

type Task struct {
	Base
	Title    string
	Priority Priority
	Tags     []string
}

type Named interface{ Describe() string }

func main() {
	tasks := []Task{
		{Base{1, 90 * time.Second}, "write docs", High, []string{"docs"}},
		{Base{2, 1500 * time.Millisecond}, "fix bug", Medium, nil},
		{Base{3, 2*time.Hour + 3*time.Minute}, "refactor", Low, []string{"code", "cleanup"}},
	}
	for _, t := range tasks {
		fmt.Printf("%-3d|%-12s|%8v|%-6s|%v\n", t.ID, t.Title, t.Created, t.Priority, t.Tags)
	}
	fmt.Printf("%v\n%+v\n", tasks[1], tasks[1])
	fmt.Printf("%5.1f|%-8.3s|%08.3f|%x|%X|%o|%b|%e\n", 3.14159, "abcdef", 2.5, 255, "hi", 8, 5, 12345.678)
	fmt.Printf("%q %v %d %s\n", Priority(7), High, High, Medium)
	fmt.Printf("%6.2f%%\n", 42.123)
	fmt.Printf("[%*d] [%-*d]\n", 5, 42, 4, 7)
	t := &tasks[0]
	t.Touch()
	touch := t.Touch
	touch()
	describe := t.Describe
	fmt.Println(t.Created, describe())
	var n Named = tasks[2]
	fmt.Println(n.Describe())
	var ns []Named
	for _, tk := range tasks {
		ns = append(ns, tk)
	}
	fmt.Println(len(ns), ns[1].Describe())

	w := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tTITLE\tPRIORITY\tAGE")
	for _, tk := range tasks {
		fmt.Fprintf(w, "%d\t%s\t%v\t%v\n", tk.ID, tk.Title, tk.Priority, tk.Created)
	}
	w.Flush()
	var sb strings.Builder
	for i, tk := range tasks {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "%s(%s)", tk.Title, tk.Priority)
	}
	fmt.Println(sb.String(), sb.Len())
	fmt.Println(time.Duration(1234567890), time.Duration(0), 3*time.Millisecond+500*time.Microsecond)
	fmt.Printf("%T %T %T\n", tasks[0], tasks[0].Priority, n)
	fmt.Printf("%#v\n", tasks[1].Base)
	fmt.Printf("%v %s\n", []Priority{Low, High}, map[Priority]int{High: 2, Low: 1})
}
