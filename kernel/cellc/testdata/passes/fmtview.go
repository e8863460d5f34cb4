// fmt operands whose interpreted form prints differently: unexported
// fields, type names, methods inside values, nil receivers, sorted maps.
package main

import (
	"errors"
	"fmt"
	"strconv"
)

type State int

func (s State) String() string { return [...]string{"idle", "busy"}[s] }

type job struct {
	id    int
	state State
	Tags  []string
	Next  *job
}

type Key struct {
	X, Y int
}

type List struct {
	Val  int
	Next *List
}

func (l *List) String() string {
	if l == nil {
		return "end"
	}
	return strconv.Itoa(l.Val) + "->" + l.Next.String()
}

type Shape interface{ Area() float64 }

type Rect struct{ W, H float64 }

func (r Rect) Area() float64 { return r.W * r.H }

func main() {
	j := job{1, 1, []string{"a"}, nil}
	fmt.Printf("%v\n%+v\n", j, j)
	fmt.Printf("%#v\n", Key{1, 2})
	fmt.Println([]State{0, 1}, map[State]int{1: 5, 0: 3})
	fmt.Printf("%v %s %d %q\n", []State{1}, []State{1}, []State{1}, State(0))
	grid := map[Key]string{{2, 1}: "c", {1, 9}: "b", {1, 2}: "a"}
	fmt.Println(grid)
	var l *List
	fmt.Println(l, &List{1, &List{2, nil}})
	var s Shape = Rect{2, 3}
	fmt.Printf("%T %v %+v\n", s, s, s)
	var a any = j
	fmt.Printf("%+v\n", a)
	items := []any{State(1), Key{3, 4}, 7, "x", errors.New("e"), nil}
	fmt.Println(items)
	fmt.Print(Key{5, 6}, "|", State(1), 2, "\n")
	fmt.Printf("[%6v] [%-6v]\n", State(1), State(0))
}
