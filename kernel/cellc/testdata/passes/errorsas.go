// errors.As with an error type the program declares.
package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Name string }

func (e *NotFound) Error() string { return e.Name + " not found" }

// Op wraps an error with the operation that failed.
type Op struct {
	Name string
	Err  error
}

func (e *Op) Error() string { return e.Name + ": " + e.Err.Error() }
func (e *Op) Unwrap() error { return e.Err }

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
	op := &Op{"read", ErrBad}
	fmt.Println(errors.Unwrap(op) == ErrBad, errors.Unwrap(fmt.Errorf("at 3: %w", op)) == op, errors.Unwrap(ErrBad), errors.Unwrap(joined))
	nk := &NotFound{"k"}
	both := errors.Join(op, nk)
	fmt.Println(errors.Is(both, &NotFound{"k"}), errors.Is(both, nk), errors.Is(both, op))
}
