// Slicing a string by bytes can cut a character in two: Go prints the
// bytes as they are, and so must the kernel.
package main

import "fmt"

func main() {
	s := "héllo, 世界"
	for i := 1; i < len(s); i += 3 {
		fmt.Println(i, s[:i])
	}
	fmt.Printf("%s|%q\n", s[1:2], s[1:2])
	b := []byte(s)
	fmt.Println(string(b[7:9]))
}
