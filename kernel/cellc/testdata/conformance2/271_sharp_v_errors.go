// %#v of errors of the program's own types, in an error, in a struct's
// error field and in a slice of errors, and of nil errors.
package main

import (
	"errors"
	"fmt"
)

type NotFound struct {
	Key   string
	Tries int
}

func (e *NotFound) Error() string { return fmt.Sprintf("%s not found after %d tries", e.Key, e.Tries) }

type Result struct {
	ID  int
	Err error
}

func find(key string) error {
	if key == "" {
		return nil
	}
	return &NotFound{Key: key, Tries: 3}
}

func main() {
	err := find("user:7")
	fmt.Printf("%#v\n", err)
	fmt.Printf("%v | %+v | %s | %q\n", err, err, err, err)
	fmt.Printf("%#v %v\n", find(""), find(""))

	results := []Result{{1, nil}, {2, find("order:9")}}
	for _, r := range results {
		fmt.Printf("%+v\n", r)
	}
	fmt.Printf("%#v\n", results[0])

	errs := []error{find("a"), nil}
	fmt.Printf("%v\n", errs)

	var nf *NotFound
	if errors.As(err, &nf) {
		fmt.Printf("%#v\n", *nf)
	}
}
