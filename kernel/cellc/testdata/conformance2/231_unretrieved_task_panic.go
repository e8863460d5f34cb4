// "Task exception was never retrieved": a panic in a goroutine nobody
// recovers ends the whole program with exit status 2, after the output
// printed so far.
package main

import (
	"fmt"
	"os"
)

type Order struct {
	ID    int
	Items []string
}

func process(o Order) string {
	return o.Items[0] + fmt.Sprint(" x", len(o.Items))
}

func main() {
	orders := []Order{{1, []string{"latte"}}, {2, []string{"mocha", "cookie"}}}
	for _, o := range orders {
		fmt.Println("order", o.ID, "->", process(o))
	}
	fmt.Fprintln(os.Stderr, "about to process an empty order")
	result := make(chan string)
	go func() {
		result <- process(Order{ID: 3}) // index out of range: nobody recovers it
	}()
	fmt.Println("never printed:", <-result)
}
