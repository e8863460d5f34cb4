// Identifiers in parentheses in operands of && and ||.
package main

import "fmt"

func not(b bool) bool { return !b }

func main() {
	done, n := false, 3
	if !(done) || n > 5 {
		fmt.Println("not done")
	}
	if (n)+5 > 0 || done {
		fmt.Println("positive")
	}
	ok := !(done) && (n) == 3
	fmt.Println(ok, not(!(done)) || done)
	for i := 0; !(done) && i < 2; i++ {
		fmt.Println("step", i)
	}
}
