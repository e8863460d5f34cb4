// Values of interface types the program declares, passed to fmt.
package main

import "fmt"

type Shape interface {
	Area() float64
	fmt.Stringer
}

type Named interface{ Area() float64 }

type Rect struct{ W, H float64 }

func (r Rect) Area() float64  { return r.W * r.H }
func (r Rect) String() string { return fmt.Sprintf("Rect(%gx%g)", r.W, r.H) }

func main() {
	var s Shape = Rect{2, 3}
	var n Named = Rect{1, 1}
	var st fmt.Stringer = Rect{4, 4}
	fmt.Println(Rect{2, 3})
	fmt.Println(s)
	fmt.Println(any(s))
	fmt.Println(n)
	fmt.Println(st)
	fmt.Printf("%v %s\n", s, s)
}
