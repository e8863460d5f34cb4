// Printing task reports with fmt verbs: %v %+v %#v %T %q %x %8.3f, widths.
package main

import (
	"fmt"
	"time"
)

type Status int

const (
	Pending Status = iota
	Running
	Done
)

func (s Status) String() string { return [...]string{"pending", "running", "done"}[s] }

type Task struct {
	Name    string
	Status  Status
	Elapsed time.Duration
	Score   float64
	Tags    []string
}

func main() {
	tasks := []Task{
		{"fetch", Done, 1500 * time.Millisecond, 0.91234, []string{"io"}},
		{"parse", Running, 250 * time.Microsecond, 12.5, nil},
		{"store", Pending, 0, 3, []string{"db", "io"}},
	}
	for _, t := range tasks {
		fmt.Printf("%-6s|%8s|%10v|%8.3f|%q\n", t.Name, t.Status, t.Elapsed, t.Score, t.Tags)
	}
	fmt.Printf("%v\n%+v\n", tasks[0], tasks[1])
	fmt.Printf("%T %T %d %x %X %o %b\n", tasks[0].Status, tasks, Running, 255, "hi", 8, 5)
	fmt.Printf("[%5d] [%-5d] [%05d] [%+d] [%6.2f%%]\n", 42, 42, 42, 42, 99.5)
	fmt.Printf("%#v %#v\n", Done, []int{1, 2})
	fmt.Println(time.Duration(90)*time.Second, 2*time.Hour+3*time.Minute, time.Duration(0))
	fmt.Printf("%s %v %d\n", Pending, Status(2), Status(1))
	fmt.Printf("%q %v %c %U\n", 'x', 'x', 65, 0x1F600)
}
