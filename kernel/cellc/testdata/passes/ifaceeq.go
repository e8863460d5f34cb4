// Comparing errors that hold the program's own error types.
package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }

var ErrMissing = &NotFound{"missing"}

var ErrPlain = errors.New("plain")

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
}
