// Comparing errors that hold the program's own error types, and
// interfaces holding values of types with methods.
package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }

var ErrMissing = &NotFound{"missing"}

var ErrPlain = errors.New("plain")

type Shape interface{ Area() float64 }

type Rect struct{ W, H float64 }

func (r Rect) Area() float64 { return r.W * r.H }

type Level int

func (l Level) Up() Level { return l + 1 }

func find(k string) error {
	switch k {
	case "m":
		return ErrMissing
	case "p":
		return ErrPlain
	case "n":
		return &NotFound{k}
	}
	return nil
}

func main() {
	for _, k := range []string{"m", "p", "n", "ok"} {
		err := find(k)
		fmt.Println(k, err == ErrMissing, err == ErrPlain, err != nil, err == error(ErrMissing))
	}
	var s Shape = Rect{2, 3}
	var a, b any = Rect{2, 3}, Level(3)
	fmt.Println(s == Rect{2, 3}, a == s, s != Shape(Rect{3, 2}), a == b)
	fmt.Println(b == Level(3), b == any(Level(3)), b == 3, Level(4) == b)
}
