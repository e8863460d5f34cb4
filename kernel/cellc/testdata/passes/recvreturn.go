// Returning a value received from a channel.
package main

import "fmt"

func next(ch <-chan int) int {
	return <-ch
}

func nextOK(ch <-chan float64) (float64, error) {
	return <-ch, nil
}

func main() {
	ch := make(chan int, 1)
	ch <- 42
	fc := make(chan float64, 1)
	fc <- 1.5
	fmt.Println(next(ch))
	fmt.Println(nextOK(fc))
}
