// fmt of the program's own types in containers.
package main

import (
	"errors"
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
	Name   string
	Status Status
	Took   time.Duration
	Err    error
	Sub    *Task
	Labels map[string]string
}

type Temp float64

func (t Temp) String() string { return fmt.Sprintf("%.1f°", float64(t)) }

type Point struct{ X, Y int }

func (p *Point) String() string { return fmt.Sprintf("(%d,%d)", p.X, p.Y) }

type Matrix [2][2]int

type ID string

func main() {
	t := Task{Name: "build", Status: Running, Took: 1500 * time.Millisecond, Labels: map[string]string{"b": "2", "a": "1"}}
	t.Sub = &Task{Name: "sub", Status: Done}
	fmt.Println(t.Status, t.Took, t.Sub.Status)
	fmt.Printf("%v\n", t.Labels)
	fmt.Printf("%+v\n", *t.Sub)
	byStatus := map[Status][]string{Done: {"x"}, Pending: {"y", "z"}}
	fmt.Println(byStatus)
	fmt.Printf("%v %d %s %q %x\n", Running, Running, Done, Pending, Done)
	temps := []Temp{21.5, 19}
	fmt.Println(temps, Temp(3))
	fmt.Printf("%v %.2f %s\n", temps[0], temps[0], temps)
	pts := []*Point{{1, 2}, {3, 4}}
	fmt.Println(pts[0], *pts[1])
	fmt.Printf("%v %s\n", pts[0], pts[1])
	var m Matrix
	m[1][0] = 5
	fmt.Println(m, len(m))
	ids := map[ID]int{"b": 2, "a": 1}
	fmt.Println(ids)
	errs := []error{errors.New("x"), nil, fmt.Errorf("y: %w", errors.New("z"))}
	fmt.Println(errs)
	fmt.Printf("%v|%s|%d\n", []Status{Pending, Done}, []Status{Running}, []Status{Done})
	type row struct {
		ID     ID
		Status Status
		T      Temp
	}
	rows := []row{{"r1", Done, 20}, {"r2", Pending, 30.25}}
	for _, r := range rows {
		fmt.Printf("%-4s|%-8v|%6v|%v\n", r.ID, r.Status, r.T, r)
	}
	fmt.Printf("%+v\n", rows)
	fmt.Printf("%#v\n", Point{1, 2})
	fmt.Printf("%#v %#v\n", Running, ID("q"))
	fmt.Printf("%T %T %T\n", Running, rows, ids)
	fmt.Printf("%6.2f|%-6d|%06d|%+d|%x|%X|%#x\n", 3.14159, 42, 42, 42, 255, 255, 255)
	fmt.Printf("%8s|%-8s|%.3s|%q|%v\n", "right", "left", "truncate", 'x', 'x')
	fmt.Printf("%t %v %p\n", true, struct{}{}, nil)
	fmt.Printf("%e %g %G %.0f\n", 123456.789, 0.000012, 1e21, 2.5)
	fmt.Printf("%3c|%-3c|%U\n", 'A', 'B', 0x1F600)
	fmt.Printf("%v %v\n", [3]bool{true}, map[bool]int{true: 1, false: 0})
	fmt.Println(fmt.Sprint("a", 1, 2, "b", "c", 3.5, Running))
	fmt.Println(fmt.Sprintln("x", Done) + "|")
	fmt.Printf("%d %s\n", 1)
	fmt.Printf("%d\n", 1, 2)
	fmt.Printf("%!\n")
	fmt.Printf("%z\n", 3)
}
