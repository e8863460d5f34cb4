// asyncio.Queue(maxsize=2): producers block when the queue is full;
// consumers stop at a sentinel (here: the channel being closed).
package main

import (
	"fmt"
	"sort"
	"sync"
)

type Job struct {
	ID       int
	Producer string
}

func producer(name string, n int, q chan<- Job, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := range n {
		q <- Job{ID: i, Producer: name}
	}
}

func main() {
	q := make(chan Job, 2)
	fmt.Println("capacity:", cap(q), "length:", len(q))
	var prod sync.WaitGroup
	for _, name := range []string{"alpha", "beta", "gamma"} {
		prod.Add(1)
		go producer(name, 4, q, &prod)
	}
	go func() {
		prod.Wait()
		close(q)
	}()

	var mu sync.Mutex
	perConsumer := map[int][]string{}
	var cons sync.WaitGroup
	for c := 1; c <= 2; c++ {
		cons.Add(1)
		go func() {
			defer cons.Done()
			for job := range q {
				mu.Lock()
				perConsumer[c] = append(perConsumer[c], fmt.Sprintf("%s-%d", job.Producer, job.ID))
				mu.Unlock()
			}
		}()
	}
	cons.Wait()
	var all []string
	for _, jobs := range perConsumer {
		all = append(all, jobs...)
	}
	sort.Strings(all)
	fmt.Println(len(all), "jobs:", all)
	_, open := <-q
	fmt.Println("queue open:", open)
}
