// Recovering run-time errors: a nil pointer dereference, indexes and
// slice bounds out of range, failed type assertions, explicit panics.
package main

import (
	"errors"
	"fmt"
	"runtime"
)

// Shape is an interface the cell declares.
type Shape interface {
	Area() float64
	Perimeter() float64
}

type square struct{ side float64 }

func (s square) Area() float64 { return s.side * s.side }

type Node struct {
	Val  int
	Next *Node
}

func sum(n *Node) (total int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
			var re runtime.Error
			fmt.Println("runtime error:", errors.As(r.(error), &re))
		}
	}()
	for {
		total += n.Val
		n = n.Next
	}
}

func try(name string, f func()) {
	defer func() {
		r := recover()
		_, isRuntime := r.(runtime.Error)
		fmt.Printf("%s: %v (runtime error: %v, %T)\n", name, r, isRuntime, r)
	}()
	f()
}

func main() {
	fmt.Println(sum(&Node{1, &Node{2, nil}}))
	fmt.Println(func() (r any) {
		defer func() { r = recover() }()
		var p *int
		return *p
	}())
	runtimeErrors()
}

func runtimeErrors() {
	s := []int{1, 2, 3}
	str, i, j := "abc", 5, -1
	var arr [3]int
	try("index", func() { fmt.Println(s[i]) })
	try("negative index", func() { fmt.Println(s[j]) })
	try("array", func() { fmt.Println(arr[i-1]) })
	try("string", func() { fmt.Println(str[i]) })
	try("slice", func() { fmt.Println(s[1:i]) })
	try("slice low", func() { fmt.Println(s[i:]) })
	try("slice 3", func() { fmt.Println(s[0:2:i]) })
	try("string slice", func() { fmt.Println(str[:i]) })
	try("make", func() { _ = make([]int, j) })
	var v any = "text"
	try("assertion", func() { _ = v.(int) })
	try("to an interface", func() { _ = v.(Shape) })
	var sq any = square{2}
	try("missing method", func() { _ = sq.(Shape) })
	var none any
	try("nil to an interface", func() { _ = none.(Shape) })
	try("explicit", func() { panic(fmt.Sprintf("bad input %d", i)) })
	try("loop", func() {
		for k := 0; k <= len(s); k++ {
			fmt.Println(k, s[k])
		}
	})
	r := func() (r any) {
		defer func() { r = recover() }()
		panic(errors.New("an error value"))
	}()
	err, ok := r.(error)
	fmt.Printf("%T %v %v\n", r, err, ok)
}
