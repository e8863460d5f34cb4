// Deferred and go-statement arguments are evaluated at the statement.
package main

import (
	"fmt"
	"sync"
)

func show(tag string, v int) { fmt.Println(tag, v) }

func main() {
	func() {
		x := 1
		defer show("deferred x", x)
		x = 2
		for i := 0; i < 3; i++ {
			defer fmt.Print("d", i, " ")
		}
		fmt.Println("x now", x)
	}()
	fmt.Println()
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[int]bool{}
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			mu.Lock()
			got[n] = true
			mu.Unlock()
		}(i * 10)
	}
	wg.Wait()
	fmt.Println(len(got), got[0], got[10], got[20])
	closeAll([]string{"a", "b", "c"})
}

type file struct{ name string }

func (f *file) Close(why ...string) { fmt.Println("close", f.name, why) }

// closeAll defers in a loop: each deferred call has its own receiver and
// variables.
func closeAll(names []string) {
	for i, n := range names {
		f := &file{n}
		defer f.Close()
		defer f.Close("twice", n)
		defer func() { fmt.Println("deferred", i, n) }()
	}
}
