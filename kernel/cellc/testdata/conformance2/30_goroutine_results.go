// Goroutines returning results through channels of structs; first-response-wins.
package main

import (
	"context"
	"fmt"
	"sort"
	"time"
)

type Reply struct {
	Server string
	Millis int
}

func query(ctx context.Context, server string, delay time.Duration, out chan<- Reply) {
	select {
	case <-time.After(delay):
		select {
		case out <- Reply{server, int(delay / time.Millisecond)}:
		case <-ctx.Done():
		}
	case <-ctx.Done():
	}
}

func first(servers map[string]time.Duration) Reply {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan Reply)
	for name, d := range servers {
		go query(ctx, name, d, out)
	}
	return <-out
}

func all(servers map[string]time.Duration) []Reply {
	out := make(chan Reply, len(servers))
	ctx := context.Background()
	for name, d := range servers {
		go query(ctx, name, d, out)
	}
	var replies []Reply
	for range servers {
		replies = append(replies, <-out)
	}
	sort.Slice(replies, func(i, j int) bool { return replies[i].Server < replies[j].Server })
	return replies
}

func main() {
	servers := map[string]time.Duration{"eu": 30 * time.Millisecond, "us": time.Millisecond, "asia": 60 * time.Millisecond}
	fmt.Printf("%+v\n", first(servers))
	fmt.Println(all(servers))
	type pair struct {
		idx int
		sq  int
	}
	ch := make(chan pair)
	for i := range 5 {
		go func() { ch <- pair{i, i * i} }()
	}
	res := make([]int, 5)
	for range 5 {
		p := <-ch
		res[p.idx] = p.sq
	}
	fmt.Println(res)
	futures := make([]chan string, 3)
	for i := range futures {
		futures[i] = make(chan string, 1)
		go func(c chan<- string) {
			time.Sleep(time.Duration(3-i) * time.Millisecond)
			c <- fmt.Sprint("future ", i)
		}(futures[i])
	}
	for _, f := range futures {
		fmt.Println(<-f)
	}
}
