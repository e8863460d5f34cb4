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

var ErrBad = errors.New("bad")

func init() {
	errs := make([]error, 3)
	done := make(chan bool)
	go func() {
		errs[0] = &NotFound{Name: "g"}
		errs[1] = fmt.Errorf("wrapped: %w", ErrBad)
		done <- true
	}()
	<-done
	joined := errors.Join(errs...)
	var nf *NotFound
	fmt.Println(errors.As(joined, &nf), nf.Name, errors.Is(joined, ErrBad), errors.Is(joined, errors.New("bad")))
	for _, e := range errs {
		switch x := e.(type) {
		case nil:
			fmt.Print("nil ")
		case *NotFound:
			fmt.Print("notfound:", x.Name, " ")
		default:
			fmt.Print("other:", x, " ")
		}
	}
	fmt.Println()
	fmt.Println(joined)
}
