// Returning a value received from a channel, and returning a call whose
// results convert to the function's.
package main

import (
	"fmt"
	"strconv"
)

func next(ch <-chan int) int {
	return <-ch
}

func nextOK(ch <-chan float64) (float64, error) {
	return <-ch, nil
}

func parse(s string) (any, error) {
	return strconv.Atoi(s)
}

func main() {
	ch := make(chan int, 1)
	ch <- 42
	fc := make(chan float64, 1)
	fc <- 1.5
	fmt.Println(next(ch))
	fmt.Println(nextOK(fc))
	fmt.Println(parse("x"))
	fmt.Println(parse("7"))
}
