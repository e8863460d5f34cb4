// A worker pool with job and result structs, results gathered in order.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

type Job struct {
	ID   int
	Text string
}

type Result struct {
	Job    Job
	Words  int
	Upper  string
	Worker int
}

func process(id int, jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		time.Sleep(time.Millisecond)
		results <- Result{Job: j, Words: len(strings.Fields(j.Text)), Upper: strings.ToUpper(j.Text), Worker: id}
	}
}

func main() {
	texts := []string{"the quick brown fox", "jumps over", "the lazy dog", "go", "channels are pipes", "select waits"}
	jobs := make(chan Job)
	results := make(chan Result, len(texts))
	var wg sync.WaitGroup
	const workers = 3
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go process(w, jobs, results, &wg)
	}
	go func() {
		for i, t := range texts {
			jobs <- Job{ID: i + 1, Text: t}
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	var all []Result
	usedWorkers := map[int]bool{}
	for r := range results {
		all = append(all, r)
		usedWorkers[r.Worker] = true
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Job.ID < all[j].Job.ID })
	totalWords := 0
	for _, r := range all {
		fmt.Printf("job %d: %d words, %q\n", r.Job.ID, r.Words, r.Upper)
		totalWords += r.Words
	}
	fmt.Println("total words:", totalWords, "results:", len(all), "workers used <= 3:", len(usedWorkers) <= workers)

	// Bounded parallelism with a semaphore channel and indexed results.
	sem := make(chan struct{}, 2)
	squares := make([]int, 8)
	var wg2 sync.WaitGroup
	var mu sync.Mutex
	active, peak := 0, 0
	for i := range squares {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			mu.Lock()
			active++
			peak = max(peak, active)
			mu.Unlock()
			time.Sleep(time.Millisecond)
			squares[i] = i * i
			mu.Lock()
			active--
			mu.Unlock()
		}()
	}
	wg2.Wait()
	fmt.Println(squares, "peak <= 2:", peak <= 2)
}
