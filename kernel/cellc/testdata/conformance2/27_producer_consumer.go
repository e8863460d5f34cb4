// Producer/consumer with a done channel, buffered channels and a results map.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type Order struct {
	ID    int
	Items []string
	Total float64
}

type Summary struct {
	Count   int
	Revenue float64
	ByItem  map[string]int
}

func producer(orders []Order) <-chan Order {
	ch := make(chan Order, 2)
	go func() {
		defer close(ch)
		for _, o := range orders {
			ch <- o
		}
	}()
	return ch
}

func consumer(id int, in <-chan Order, mu *sync.Mutex, s *Summary, wg *sync.WaitGroup) {
	defer wg.Done()
	for o := range in {
		mu.Lock()
		s.Count++
		s.Revenue += o.Total
		for _, it := range o.Items {
			s.ByItem[it]++
		}
		mu.Unlock()
	}
}

func main() {
	orders := []Order{
		{1, []string{"tea", "cake"}, 7.5},
		{2, []string{"coffee"}, 3},
		{3, []string{"tea", "tea", "scone"}, 9.25},
		{4, nil, 0},
		{5, []string{"cake", "coffee"}, 8},
	}
	s := &Summary{ByItem: map[string]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	in := producer(orders)
	for i := range 3 {
		wg.Add(1)
		go consumer(i, in, &mu, s, &wg)
	}
	wg.Wait()
	fmt.Printf("count=%d revenue=%.2f\n", s.Count, s.Revenue)
	items := make([]string, 0, len(s.ByItem))
	for k := range s.ByItem {
		items = append(items, k)
	}
	sort.Slice(items, func(i, j int) bool {
		if s.ByItem[items[i]] != s.ByItem[items[j]] {
			return s.ByItem[items[i]] > s.ByItem[items[j]]
		}
		return items[i] < items[j]
	})
	for _, it := range items {
		fmt.Printf("%-7s %d\n", it, s.ByItem[it])
	}
	fmt.Printf("%v\n", orders[3])
	fmt.Printf("%+v\n", orders[0])

	done := make(chan struct{})
	nums := make(chan int)
	go func() {
		defer close(nums)
		for i := 0; ; i++ {
			select {
			case nums <- i:
			case <-done:
				return
			}
		}
	}()
	var taken []int
	for n := range nums {
		taken = append(taken, n)
		if len(taken) == 5 {
			close(done)
			break
		}
	}
	fmt.Println("taken:", taken)
}
