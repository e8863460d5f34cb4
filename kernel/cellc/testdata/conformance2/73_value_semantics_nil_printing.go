// Value semantics, slices aliasing, printing pointers and nil values.
package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

type Node struct {
	Val  int
	Next *Node
}

type Config struct {
	Name    string
	Tags    []string
	Limits  map[string]int
	Parent  *Config
	Enabled bool
}

type Shape interface {
	Area() float64
}

type Rect struct{ W, H float64 }
type Circle struct{ R float64 }

func (r Rect) Area() float64    { return r.W * r.H }
func (c *Circle) Area() float64 { return 3 * c.R * c.R }

func main() {
	a := []int{1, 2, 3, 4, 5}
	b := a[1:3]
	b[0] = 20
	b = append(b, 30)
	fmt.Println(a, b, len(b), cap(b))
	c := slices.Clone(a)
	c[0] = -1
	fmt.Println(a[0], c[0])
	d := make([]int, 2, 10)
	e := append(d, 1)
	f := append(d, 2)
	fmt.Println(e, f)
	n := copy(d, []int{7, 8, 9})
	fmt.Println(n, d)
	grid := make([][]rune, 3)
	for i := range grid {
		grid[i] = []rune(strings.Repeat(".", 3))
	}
	grid[1][1] = '#'
	for _, row := range grid {
		fmt.Println(string(row))
	}

	list := &Node{1, &Node{2, &Node{3, nil}}}
	for n := list; n != nil; n = n.Next {
		fmt.Print(n.Val, " ")
	}
	fmt.Println()
	fmt.Printf("%v %+v\n", *list.Next.Next, *list.Next.Next)

	cfg := Config{Name: "base", Tags: []string{"a"}, Limits: map[string]int{"cpu": 2}}
	child := cfg
	child.Name = "child"
	child.Tags = append(child.Tags, "b")
	child.Limits["cpu"] = 4
	child.Parent = &cfg
	fmt.Println(cfg.Name, cfg.Tags, cfg.Limits, child.Name, child.Tags, child.Parent.Name)
	fmt.Printf("%v\n", Config{Name: "x"})
	fmt.Printf("%+v\n", Config{Name: "y", Enabled: true})

	var err error
	var p *Node
	var m map[string]int
	var s []int
	var fn func()
	var ifc any
	fmt.Println(err, p, m, s, fn == nil, ifc, m["x"], len(s), s == nil)
	fmt.Printf("%v %d %s %q %t\n", nil, []int(nil), []string(nil), "", false)
	s = append(s, 1)
	fmt.Println(s, errors.New("e") != nil)

	shapes := []Shape{Rect{2, 3}, &Circle{1}, Rect{1, 1}}
	total := 0.0
	for _, sh := range shapes {
		total += sh.Area()
		switch v := sh.(type) {
		case Rect:
			fmt.Printf("rect %vx%v ", v.W, v.H)
		case *Circle:
			fmt.Printf("circle r=%v ", v.R)
		}
	}
	fmt.Println(total)
	fmt.Println(shapes[0] == Rect{2, 3}, shapes[2] == shapes[0], shapes[1] == shapes[1])
	type key struct{ x, y int }
	visited := map[key]int{}
	visited[key{1, 2}]++
	visited[key{1, 2}]++
	visited[key{2, 1}]++
	fmt.Println(visited[key{1, 2}], len(visited))
	nested := map[string]map[string]int{}
	for _, pair := range [][2]string{{"a", "x"}, {"a", "y"}, {"b", "x"}} {
		if nested[pair[0]] == nil {
			nested[pair[0]] = map[string]int{}
		}
		nested[pair[0]][pair[1]]++
	}
	fmt.Println(nested)
	r1, r2 := Rect{1, 2}, Rect{1, 2}
	fmt.Println(r1 == r2, &r1 == &r2, [2]Rect{r1, r2} == [2]Rect{r2, r1})
	ptrs := []*Rect{&r1, &r2}
	ptrs[0].W = 10
	fmt.Println(r1.W, *ptrs[0])
}
