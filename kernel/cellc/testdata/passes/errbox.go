// Error types with value receivers, stored in errors everywhere.
package main

import (
	"context"
	"errors"
	"fmt"
)

type ValidationError struct {
	Field string
	Value any
}

func (e ValidationError) Error() string { return fmt.Sprintf("invalid %s: %v", e.Field, e.Value) }

type Code int

func (c Code) Error() string { return fmt.Sprintf("code %d", int(c)) }

var ErrBase = errors.New("base")

type Wrapped struct{ Err error }

func (w Wrapped) Error() string { return "wrapped: " + w.Err.Error() }
func (w Wrapped) Unwrap() error { return w.Err }

type result struct {
	id  int
	err error
}

func check(n int) error {
	if n < 0 {
		return ValidationError{"n", n}
	}
	if n == 0 {
		return Code(7)
	}
	return nil
}

func main() {
	var errs []error
	for _, n := range []int{-2, 0, 3} {
		if err := check(n); err != nil {
			errs = append(errs, err)
		}
	}
	fmt.Println(errs)
	ch := make(chan error, 1)
	ch <- Wrapped{ErrBase}
	err := <-ch
	fmt.Println(err, errors.Is(err, ErrBase))
	r := result{1, ValidationError{"x", 1}}
	var ve ValidationError
	fmt.Println(errors.As(fmt.Errorf("ctx: %w", r.err), &ve), ve.Field)
	for _, e := range errs {
		switch e := e.(type) {
		case ValidationError:
			fmt.Println("validation", e.Value)
		case Code:
			fmt.Println("code", int(e))
		}
	}
	c, ok := errs[1].(Code)
	fmt.Println(c, ok)
	// Through a named function type, and wrapped by %w.
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(ValidationError{"cause", 1})
	var cause ValidationError
	fmt.Println(errors.As(context.Cause(ctx), &cause), cause.Field)
	w := fmt.Errorf("wrapped: %w", Code(7))
	fmt.Println(w, errors.Unwrap(w) != nil)
}
