// Explicit panics of every kind of value, recovered where Go recovers them.
package main

import (
	"errors"
	"fmt"
)

type code int

type failure struct{ msg string }

func (f *failure) Error() string { return "failure: " + f.msg }

func try(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

func must(n int) int {
	if n < 0 {
		panic(fmt.Sprintf("negative: %d", n))
	}
	return n * 2
}

func main() {
	var err error = &failure{"disk"}
	var v any = []int{1, 2}
	fmt.Println(try(func() { panic("s") }))
	fmt.Println(try(func() { panic(42) }))
	fmt.Println(try(func() { panic(code(7)) }))
	fmt.Println(try(func() { panic(err) }))
	fmt.Println(try(func() { panic(errors.New("plain")) }))
	fmt.Println(try(func() { panic(v) }))
	fmt.Println(try(func() { must(-1) }), must(2))
	fmt.Println(try(func() {
		defer func() {
			r := recover()
			panic(fmt.Sprint("again: ", r))
		}()
		panic("first")
	}))
}
