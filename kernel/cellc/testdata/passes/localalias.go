// Type aliases declared inside functions.
package main

import "fmt"

func main() {
	type score = int
	type pair = struct {
		name string
		pts  score
	}
	var best score = 3
	ps := []pair{{"a", 1}, {"b", best}}
	for _, p := range ps {
		fmt.Println(p.name, p.pts)
	}
	fmt.Printf("%T %v\n", best, ps)
}
