// Embedded structs, promoted methods and interface satisfaction.
package main

import (
	"fmt"
	"sort"
)

type Logger struct {
	prefix string
	lines  []string
}

func (l *Logger) Logf(format string, args ...any) {
	l.lines = append(l.lines, l.prefix+fmt.Sprintf(format, args...))
}

type Named interface{ Name() string }

type Shape interface {
	Named
	Area() float64
	Perimeter() float64
}

type base struct{ name string }

func (b base) Name() string { return b.name }

type Rect struct {
	base
	W, H float64
}

func (r Rect) Area() float64      { return r.W * r.H }
func (r Rect) Perimeter() float64 { return 2 * (r.W + r.H) }

type Square struct {
	Rect
}

func (s Square) Name() string { return "square(" + s.base.Name() + ")" }

type Circle struct {
	base
	R float64
}

func (c *Circle) Area() float64      { return 3 * c.R * c.R }
func (c *Circle) Perimeter() float64 { return 6 * c.R }

type Service struct {
	*Logger
	Name string
}

func main() {
	shapes := []Shape{
		Rect{base{"r1"}, 2, 3},
		Square{Rect{base{"s1"}, 2, 2}},
		&Circle{base{"c1"}, 1},
	}
	sort.Slice(shapes, func(i, j int) bool { return shapes[i].Area() < shapes[j].Area() })
	for _, s := range shapes {
		fmt.Printf("%-12s area=%5.2f perim=%5.2f %T\n", s.Name(), s.Area(), s.Perimeter(), s)
	}
	var n Named = shapes[0]
	if sh, ok := n.(Shape); ok {
		fmt.Println("named is a shape:", sh.Name())
	}
	if _, ok := n.(*Circle); !ok {
		fmt.Println("first is not a circle")
	}
	svc := Service{Logger: &Logger{prefix: "[svc] "}, Name: "api"}
	svc.Logf("starting %s", svc.Name)
	svc.Logf("%d workers", 4)
	for _, l := range svc.lines {
		fmt.Println(l)
	}
	sq := Square{Rect{base{"s2"}, 3, 3}}
	fmt.Println(sq.Name(), sq.Rect.Name(), sq.W, sq.Area())
	fmt.Printf("%+v\n", sq)
	fmt.Printf("%v\n", sq)
}
