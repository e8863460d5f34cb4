// Error wrapping: sentinel errors, custom types, errors.Is/As through %w chains.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
)

var ErrNotFound = errors.New("not found")
var ErrTimeout = errors.New("timeout")

type ValidationError struct {
	Field string
	Value any
}

func (e ValidationError) Error() string {
	return fmt.Sprintf("invalid %s: %v", e.Field, e.Value)
}

type HTTPError struct {
	Code int
	Err  error
}

func (e *HTTPError) Error() string { return strconv.Itoa(e.Code) + ": " + e.Err.Error() }
func (e *HTTPError) Unwrap() error { return e.Err }

func lookup(id int) error {
	switch {
	case id < 0:
		return ValidationError{"id", id}
	case id == 0:
		return fmt.Errorf("lookup %d: %w", id, ErrNotFound)
	case id > 100:
		return &HTTPError{504, fmt.Errorf("upstream: %w", ErrTimeout)}
	}
	return nil
}

func handle(id int) error {
	if err := lookup(id); err != nil {
		return fmt.Errorf("handle request: %w", err)
	}
	return nil
}

func main() {
	for _, id := range []int{5, 0, -7, 500} {
		err := handle(id)
		fmt.Printf("id=%d err=%v\n", id, err)
		if err == nil {
			continue
		}
		fmt.Println("  is NotFound:", errors.Is(err, ErrNotFound), "is Timeout:", errors.Is(err, ErrTimeout))
		var ve ValidationError
		if errors.As(err, &ve) {
			fmt.Printf("  validation field=%s value=%v\n", ve.Field, ve.Value)
		}
		var he *HTTPError
		if errors.As(err, &he) {
			fmt.Println("  http code:", he.Code)
		}
		fmt.Println("  unwrapped once:", errors.Unwrap(err))
	}
	multi := fmt.Errorf("two causes: %w and %w", ErrNotFound, ErrTimeout)
	fmt.Println(multi, errors.Is(multi, ErrTimeout))
	joined := errors.Join(ErrNotFound, nil, ValidationError{"name", ""})
	fmt.Printf("%q\n", joined.Error())
	var ve ValidationError
	fmt.Println(errors.As(joined, &ve), ve.Field)

	_, err := os.Open("/definitely/not/here")
	var pe *fs.PathError
	fmt.Println(errors.As(err, &pe), pe.Op, errors.Is(err, fs.ErrNotExist))
	_, err = strconv.Atoi("12x")
	var ne *strconv.NumError
	fmt.Println(errors.As(err, &ne), ne.Func, ne.Num, ne.Err)
}
