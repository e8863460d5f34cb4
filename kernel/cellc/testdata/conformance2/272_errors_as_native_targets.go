// errors.As finds errors of the standard library's types behind the
// program's own Unwrap methods and behind errors.Join.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
)

type ValidationError struct {
	Field string
	Err   error
}

func (v *ValidationError) Error() string { return v.Field + ": " + v.Err.Error() }
func (v *ValidationError) Unwrap() error { return v.Err }

type Batch struct{ errs []error }

func (b Batch) Error() string   { return fmt.Sprintf("%d errors", len(b.errs)) }
func (b Batch) Unwrap() []error { return b.errs }

func parseAge(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &ValidationError{Field: "age", Err: err}
	}
	return n, nil
}

func main() {
	_, err := parseAge("forty")
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		fmt.Println("num error:", ne.Func, ne.Num, ne.Err)
	}
	fmt.Println(errors.Is(err, strconv.ErrSyntax))

	_, openErr := os.Open("/no/such/file")
	wrapped := fmt.Errorf("load config: %w", &ValidationError{Field: "path", Err: openErr})
	var pe *fs.PathError
	fmt.Println(errors.As(wrapped, &pe), pe.Op, pe.Path, errors.Is(wrapped, fs.ErrNotExist))

	joined := errors.Join(errors.New("first"), err)
	var ne2 *strconv.NumError
	fmt.Println(errors.As(joined, &ne2), ne2 != nil && ne2.Num == "forty")

	var b error = Batch{[]error{errors.New("x"), openErr}}
	var pe2 *fs.PathError
	fmt.Println(errors.As(b, &pe2), errors.Is(b, fs.ErrNotExist))

	var ve *ValidationError
	fmt.Println(errors.As(wrapped, &ve), ve.Field)
	var none *strconv.NumError
	fmt.Println(errors.As(errors.New("plain"), &none), none == nil)
}
