// The hamburger shop: ordering asynchronously lets you chat with your friend
// until your number is called; ordering at parallel counters means each of you
// stands at a counter and waits, unable to chat.
package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

type Burger struct {
	Number int
	Kind   string
}

func (b Burger) String() string { return fmt.Sprintf("#%d %s", b.Number, b.Kind) }

type Kitchen struct {
	mu   sync.Mutex
	next int
}

func (k *Kitchen) Order(kind string) (ticket int, ready <-chan Burger) {
	k.mu.Lock()
	k.next++
	ticket = k.next
	k.mu.Unlock()
	c := make(chan Burger, 1)
	go func() {
		time.Sleep(3 * time.Millisecond)
		c <- Burger{ticket, kind}
	}()
	return ticket, c
}

func asyncVisit(k *Kitchen) {
	fmt.Println("-- async: order, sit down, chat --")
	t1, b1 := k.Order("cheeseburger")
	t2, b2 := k.Order("veggie burger")
	fmt.Printf("you hold ticket %d, your friend holds ticket %d\n", t1, t2)
	lines := []string{"how was your week?", "busy, yours?", "same, lots of I/O"}
	chatted := 0
	for _, l := range lines {
		fmt.Println("chat:", l)
		chatted++
	}
	got := []Burger{<-b1, <-b2}
	fmt.Println("bell rings, picked up:", got, "after", chatted, "lines of chat")
}

func parallelVisit(counters int, people []string) {
	fmt.Printf("-- parallel: %d counters, each person waits at one --\n", counters)
	sem := make(chan struct{}, counters)
	results := make([]string, len(people))
	var wg sync.WaitGroup
	for i, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			time.Sleep(2 * time.Millisecond) // standing in front of the counter
			results[i] = fmt.Sprintf("%s got a burger at counter %d, chat lines: 0", p, i%counters+1)
		}()
	}
	wg.Wait()
	for _, r := range results {
		fmt.Println(r)
	}
}

func main() {
	asyncVisit(&Kitchen{})
	parallelVisit(8, []string{"you", "friend"})

	// Throughput: N customers, async kitchen with 2 cooks.
	orders := []string{"bulgogi", "shrimp", "chicken", "double", "kids", "fish"}
	ready := make(chan Burger, len(orders))
	tickets := make(chan Burger)
	var cooks sync.WaitGroup
	for range 2 {
		cooks.Add(1)
		go func() {
			defer cooks.Done()
			for b := range tickets {
				b.Kind = strings.ToUpper(b.Kind[:1]) + b.Kind[1:]
				ready <- b
			}
		}()
	}
	for i, o := range orders {
		tickets <- Burger{i + 1, o}
	}
	close(tickets)
	cooks.Wait()
	close(ready)
	var done []Burger
	for b := range ready {
		done = append(done, b)
	}
	slices.SortFunc(done, func(a, b Burger) int { return a.Number - b.Number })
	fmt.Println("served:", done)
	fmt.Printf("%v|%s|%d\n", done[0], done[1], len(done))
}
