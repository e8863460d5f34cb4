// Custom errors, errors.Join/Is/As, type switches, panics in goroutines.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"sync"
)

type ValidationError struct {
	Field string
	Msg   string
}

func (v ValidationError) Error() string { return v.Field + ": " + v.Msg }

type NotFoundError struct{ ID int }

func (e *NotFoundError) Error() string { return "not found: " + strconv.Itoa(e.ID) }
func (e *NotFoundError) Is(target error) bool {
	t, ok := target.(*NotFoundError)
	return ok && (t.ID == 0 || t.ID == e.ID)
}

type TempError interface {
	error
	Temporary() bool
}

type netErr struct{ op string }

func (n netErr) Error() string   { return "net " + n.op }
func (n netErr) Temporary() bool { return n.op == "read" }

var ErrClosed = errors.New("closed")

func lookup(id int) error {
	switch {
	case id < 0:
		return ValidationError{"id", "negative"}
	case id > 100:
		return &NotFoundError{id}
	case id == 7:
		return fmt.Errorf("lookup %d: %w", id, ErrClosed)
	case id == 8:
		return netErr{"read"}
	}
	return nil
}

func classify(err error) string {
	var ve ValidationError
	var nf *NotFoundError
	var te TempError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &ve):
		return "validation(" + ve.Field + ")"
	case errors.As(err, &nf):
		return fmt.Sprintf("notfound(%d)", nf.ID)
	case errors.Is(err, ErrClosed):
		return "closed"
	case errors.As(err, &te):
		return fmt.Sprintf("temp=%v", te.Temporary())
	}
	return "unknown"
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int, int64:
		return fmt.Sprintf("integer %v", x)
	case string:
		return "string " + strconv.Quote(x)
	case error:
		return "error " + x.Error()
	case fmt.Stringer:
		return "stringer " + x.String()
	case []int:
		return fmt.Sprint("ints ", len(x))
	case map[string]int:
		return fmt.Sprint("map ", len(x))
	case func() int:
		return fmt.Sprint("func ", x())
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func safeGo(wg *sync.WaitGroup, errs chan<- error, id int, f func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			if r := recover(); r != nil {
				errs <- fmt.Errorf("worker %d: %v", id, r)
			}
		}()
		f()
	}()
}

func main() {
	for _, id := range []int{1, -3, 200, 7, 8} {
		err := lookup(id)
		fmt.Printf("%4d %-16s %v\n", id, classify(err), err)
	}
	joined := errors.Join(lookup(-1), lookup(150), nil, lookup(7))
	fmt.Println(joined)
	fmt.Println(errors.Is(joined, ErrClosed), errors.Is(joined, &NotFoundError{}), errors.Is(joined, &NotFoundError{ID: 3}))
	var nf *NotFoundError
	fmt.Println(errors.As(joined, &nf), nf.ID)
	wrapped := fmt.Errorf("layer: %w", joined)
	fmt.Println(errors.Is(wrapped, ErrClosed), errors.Unwrap(wrapped) == joined)

	_, err := os.Open("/definitely/not/here")
	var pe *fs.PathError
	fmt.Println(errors.As(err, &pe), pe.Op, errors.Is(err, fs.ErrNotExist), errors.Is(io.EOF, io.EOF))

	vals := []any{nil, 3, int64(4), "hi", ErrClosed, ValidationError{"f", "m"}, []int{1}, map[string]int{"a": 1}, func() int { return 9 }, 2.5, struct{}{}}
	for _, v := range vals {
		fmt.Println(describe(v))
	}

	var wg sync.WaitGroup
	errs := make(chan error, 3)
	safeGo(&wg, errs, 1, func() { panic("oops") })
	safeGo(&wg, errs, 2, func() {
		var m map[string]int
		m["x"] = 1
	})
	safeGo(&wg, errs, 3, func() {
		s := []int{1}
		i := 5
		_ = s[i]
	})
	wg.Wait()
	close(errs)
	var msgs []string
	for e := range errs {
		msgs = append(msgs, e.Error())
	}
	for _, id := range []int{1, 2, 3} {
		for _, m := range msgs {
			if m[7] == byte('0'+id) {
				fmt.Println(m)
			}
		}
	}
}
