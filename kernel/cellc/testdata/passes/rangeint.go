// Range over integers, typed and untyped, with closures.
package main

import "fmt"

type Count int

func main() {
	for i := range 3 {
		fmt.Print(i, " ")
	}
	fmt.Println()
	var fs []func() int
	for i := range Count(3) {
		fs = append(fs, func() int { return int(i) * 10 })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	n := 0
	for range 5 {
		n++
	}
	var j int64
	for j = range int64(4) {
	}
	fmt.Println(n, j)
}
