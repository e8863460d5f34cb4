// Recovering from a nil pointer dereference.
package main

import (
	"errors"
	"fmt"
	"runtime"
)

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

func main() {
	fmt.Println(sum(&Node{1, &Node{2, nil}}))
	fmt.Println(func() (r any) {
		defer func() { r = recover() }()
		var p *int
		return *p
	}())
}
