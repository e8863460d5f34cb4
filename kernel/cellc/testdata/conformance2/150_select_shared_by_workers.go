package main

import (
	"context"
	"fmt"
	"sync"
)

// Four workers run the same select statement at once, many times over:
// each must send its own value on its own turn, whatever the others do.
func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	jobs := make(chan int, 64)
	out := make(chan int, 64)
	perWorker := make([]chan int, 4)
	var wg sync.WaitGroup
	for w := range 4 {
		perWorker[w] = make(chan int, 64)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				select {
				case out <- j * j:
				case <-ctx.Done():
					return
				}
				select {
				case perWorker[w] <- w:
				case <-ctx.Done():
					return
				}
				<-perWorker[w]
			}
		}()
	}
	go func() {
		for i := 1; i <= 20000; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	go func() { wg.Wait(); close(out) }()
	sum, n := 0, 0
	for v := range out {
		sum += v
		n++
	}
	fmt.Println("results:", n)
	fmt.Println("sum of squares:", sum)
	fmt.Println("expected:", 20000*20001*40001/6)
}
