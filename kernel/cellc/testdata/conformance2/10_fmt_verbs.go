// fmt verbs on structs, pointers, slices, maps and the cell's own types.
package main

import (
	"errors"
	"fmt"
	"time"
)

type Point struct{ X, Y int }

type Status int

const (
	Idle Status = iota
	Running
	Stopped
)

func (s Status) String() string { return [...]string{"idle", "running", "stopped"}[s] }

type Task struct {
	ID     int
	Name   string
	Status Status
	Tags   []string
	Owner  *Point
	Meta   map[string]int
}

type Temp float64

type ID string

type inner struct{ P Point }

func main() {
	p := Point{1, 2}
	fmt.Printf("%v|%+v|%#v|%T\n", p, p, p, p)
	pp := &p
	fmt.Printf("%v|%+v|%T\n", pp, pp, pp)
	t := Task{ID: 7, Name: "build", Status: Running, Tags: []string{"ci", "go"}, Meta: map[string]int{"b": 2, "a": 1}}
	fmt.Printf("%v\n%+v\n", t, t)
	fmt.Println(t.Status, Stopped, Status(0))
	fmt.Printf("%d %s %v %q\n", t.Status, t.Status, t.Status, t.Status)
	fmt.Printf("%#v\n", t.Tags)
	fmt.Printf("%#v\n", t.Meta)
	fmt.Printf("%T %T %T %T\n", t.Tags, t.Meta, t.Status, errors.New("x"))
	var tp Temp = 21.5
	fmt.Printf("%v %.2f %T %#v\n", tp, tp, tp, tp)
	var id ID = "abc"
	fmt.Printf("%v %q %T %x\n", id, id, id, id)
	fmt.Printf("[%5d] [%-5d] [%05d] [%x] [%X] [%o] [%b] [%c] [%U]\n", 42, 42, 42, 255, 255, 8, 5, 'G', 'G')
	fmt.Printf("[%8.3f] [%-8.2f] [%e] [%g]\n", 3.14159, 2.5, 123456.789, 0.000012)
	fmt.Printf("[%10s] [%-10s] [%.2s] [%q]\n", "go", "go", "gopher", "tab\there")
	fmt.Printf("%t %v %p\n", true, nil, nil)
	fmt.Printf("%v %d\n", []byte("hi"), []byte("hi"))
	fmt.Printf("%s %x % x\n", []byte("hi"), "hi", []byte("hi"))
	fmt.Printf("%v %v\n", [3]int{1, 2, 3}, [2]Point{{1, 2}, {3, 4}})
	fmt.Printf("%v %s\n", 1500*time.Millisecond, time.Duration(90)*time.Second)
	fmt.Printf("%6.2f%%\n", 99.5)
	fmt.Printf("%*d|%-*d|\n", 5, 1, 4, 2)
	fmt.Printf("%[2]d %[1]d\n", 1, 2)
	fmt.Printf("%d\n", "str")
	fmt.Printf("%d %d\n", 1)
	fmt.Println(fmt.Sprint("a", 1, 2, "b", "c", 3.0), fmt.Sprintln("x", 1))
	var e error
	fmt.Printf("%v\n", e)
	var sp *Point
	fmt.Printf("%v %+v\n", sp, sp)
	fmt.Printf("%v\n", struct {
		A int
		B string
	}{1, "x"})
	fmt.Printf("%v %+v\n", []*Point{}, []Point{{5, 6}})
	fmt.Printf("%+v %#v\n", inner{p}, inner{p})
}
