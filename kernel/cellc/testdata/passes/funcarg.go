// Function literals passed to standard-library functions inside loops.
package main

import (
	"fmt"
	"sort"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	out := make([]string, 3)
	for i, s := range []string{"a", "b", "c"} {
		wg.Go(func() {
			out[i] = s + s
		})
	}
	wg.Wait()
	fmt.Println(out)
	xs := []int{3, 1, 2}
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	fmt.Println(xs)
	var once sync.Once
	for i := 0; i < 3; i++ {
		once.Do(func() { fmt.Println("once", i) })
	}
}
