// Type switches with interface cases.
package main

import (
	"errors"
	"fmt"
)

type myErr struct{}

func (myErr) Error() string { return "mine" }

func main() {
	var v any = errors.New("e")
	_, ok := v.(error)
	fmt.Println("assert", ok)
	switch x := v.(type) {
	case error:
		fmt.Println("switch error", x)
	default:
		fmt.Println("switch default")
	}
	var s any = 5
	switch s.(type) {
	case error:
		fmt.Println("bad")
	case int:
		fmt.Println("int")
	}
}

func init() {
	for _, v := range []any{nil, 3, "s", errors.New("x"), myErr{}, 2.5} {
		switch x := v.(type) {
		case nil:
			fmt.Print("nil ")
		case int, string:
			fmt.Printf("%v(%T) ", x, x)
		case fmt.Stringer:
			fmt.Print("stringer ")
		case error:
			if x.Error() == "mine" {
				fmt.Print("mine ")
				break
			}
			fmt.Print("error:", x, " ")
		default:
			fmt.Print("other ")
		}
	}
	fmt.Println()
}
