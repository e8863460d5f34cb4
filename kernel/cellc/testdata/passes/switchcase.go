// Cases with several expressions in switches on a boolean.
package main

import "fmt"

func grade(score int) string {
	switch {
	case score < 0, score > 100:
		return "invalid"
	case score >= 90:
		return "A"
	case score == 89, score == 88, score == 87:
		return "almost A"
	}
	return "other"
}

func main() {
	for _, s := range []int{-1, 101, 95, 88, 87, 50} {
		fmt.Print(grade(s), " ")
	}
	fmt.Println()
	x, ok := 3, false
	switch true {
	case x == 1, x == 3:
		fmt.Println("one or three")
	}
	switch false {
	case ok, x > 2:
		fmt.Println("one of them is false")
	}
	switch ok {
	case x == 2, x == 4:
		fmt.Println("neither two nor four")
	default:
		fmt.Println("two or four")
	}
	switch c := "b"; {
	case c == "a", c == "b":
		fmt.Println("a or b")
	}
}
