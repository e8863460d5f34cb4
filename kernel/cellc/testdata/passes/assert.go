// Comma-ok type assertions to interfaces of compiled code on nil values.
package main

import (
	"errors"
	"fmt"
)

func classify(r any) string {
	if err, ok := r.(error); ok {
		return "error: " + err.Error()
	}
	if s, ok := r.(fmt.Stringer); ok {
		return "stringer: " + s.String()
	}
	return fmt.Sprint("other: ", r)
}

func main() {
	fmt.Println(classify(nil))
	fmt.Println(classify(errors.New("boom")))
	fmt.Println(classify(42))
	var err error
	u, ok := err.(interface{ Unwrap() error })
	fmt.Println(u, ok)
	var v any
	switch x := v.(type) {
	case error:
		fmt.Println("error", x)
	case nil:
		fmt.Println("nil")
	}
}
