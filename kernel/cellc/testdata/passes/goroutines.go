// Many goroutines started in a loop each run once, with their own iteration.
package main

import (
	"fmt"
	"sync"
)

func main() {
	bad := 0
	for round := 0; round < 5; round++ {
		seen := make([]int, 1000)
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range 1000 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mu.Lock()
				seen[i]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		for _, n := range seen {
			if n != 1 {
				bad++
			}
		}
	}
	fmt.Println("bad:", bad)
}
