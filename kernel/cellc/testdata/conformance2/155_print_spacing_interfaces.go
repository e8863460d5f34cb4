package main

import (
	"errors"
	"fmt"
)

type Color string

func (c Color) String() string { return "color:" + string(c) }

type Name string

type P struct{ X int }

func main() {
	var vals = []any{"s", Color("red"), Name("bob"), 3, P{1}, nil, errors.New("e"), &P{2}, 2.5}
	for _, a := range vals {
		fmt.Print(a, 1, "|")
	}
	fmt.Println()
	fmt.Print(vals...)
	fmt.Println()
	fmt.Println(fmt.Sprint(vals...))
	var s fmt.Stringer = Color("x")
	fmt.Print(s, 2, "\n")
	names := []Name{"a", "b"}
	fmt.Print(names[0], names[1], "\n")
	var e error
	fmt.Print(e, 1, "\n")

	// Results of workers arrive as any: strings, named strings, numbers.
	results := make(chan any)
	go func() {
		defer close(results)
		results <- "ok"
		results <- Color("blue")
		results <- 42
		results <- Name("eve")
	}()
	var line []any
	for r := range results {
		line = append(line, r)
		fmt.Print("got ", r, 0, "\n")
	}
	fmt.Print(line...)
	fmt.Println()
}
