// errors.As with an error type the program declares.
package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Name string }

func (e *NotFound) Error() string { return e.Name + " not found" }

func find(name string) error {
	if name == "x" {
		return nil
	}
	return &NotFound{Name: name}
}

func main() {
	var nf *NotFound
	fmt.Println(errors.As(find("y"), &nf), nf.Name)
	nf = nil
	fmt.Println(errors.As(find("x"), &nf), nf == nil)
	var target error
	fmt.Println(errors.As(find("z"), &target), target)
}
