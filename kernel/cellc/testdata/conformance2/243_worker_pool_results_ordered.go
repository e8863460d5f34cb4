// A worker pool that returns results in submission order even though the
// workers finish out of order: each job carries its index, and a reorder
// buffer releases results as soon as the next index is available.
package main

import (
	"fmt"
	"strings"
	"sync"
)

type Job struct {
	Index int
	Text  string
}

type Result struct {
	Index int
	Words int
	Upper string
}

func worker(jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- Result{j.Index, len(strings.Fields(j.Text)), strings.ToUpper(j.Text)}
	}
}

func reorder(in <-chan Result) <-chan Result {
	out := make(chan Result)
	go func() {
		defer close(out)
		pending := map[int]Result{}
		next := 0
		for r := range in {
			pending[r.Index] = r
			for {
				r, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				out <- r
				next++
			}
		}
	}()
	return out
}

func main() {
	lines := []string{
		"async is not parallel",
		"await the slow file",
		"the event loop runs one thing at a time",
		"goroutines may run in parallel",
		"channels carry results",
		"close to say done",
	}
	jobs := make(chan Job)
	results := make(chan Result)
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go worker(jobs, results, &wg)
	}
	go func() {
		for i, l := range lines {
			jobs <- Job{i, l}
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	total := 0
	for r := range reorder(results) {
		fmt.Printf("%d %2d %s\n", r.Index, r.Words, r.Upper)
		total += r.Words
	}
	fmt.Println("total words:", total)
}
