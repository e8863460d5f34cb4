// asyncio.as_completed: handle results in the order tasks finish. Finishing
// order is fixed by a relay: each task finishes only after the task that
// should finish before it.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type Done struct {
	Index  int
	Name   string
	Result int
}

func asCompleted(names []string, finishOrder []int, work func(string) int) <-chan Done {
	out := make(chan Done)
	// turn[k] is closed when the k-th finisher may report.
	turn := make([]chan struct{}, len(names)+1)
	for i := range turn {
		turn[i] = make(chan struct{})
	}
	rank := make(map[int]int)
	for r, idx := range finishOrder {
		rank[idx] = r
	}
	for i, n := range names {
		go func() {
			v := work(n)
			r := rank[i]
			<-turn[r]
			out <- Done{i, n, v}
			close(turn[r+1])
		}()
	}
	close(turn[0])
	go func() {
		<-turn[len(names)]
		close(out)
	}()
	return out
}

func main() {
	names := []string{"download", "resize", "upload", "notify"}
	order := []int{2, 0, 3, 1}
	var seen []string
	for d := range asCompleted(names, order, func(s string) int { return len(s) * 3 }) {
		fmt.Printf("finished #%d %-8s -> %d\n", d.Index, d.Name, d.Result)
		seen = append(seen, d.Name)
	}
	fmt.Println("completion order:", strings.Join(seen, ", "))
	sorted := append([]string(nil), seen...)
	sort.Strings(sorted)
	fmt.Println("alphabetical:     ", strings.Join(sorted, ", "))

	// Take only the first two to complete, then stop listening.
	first := 0
	for d := range asCompleted([]string{"a", "bb", "ccc"}, []int{1, 2, 0}, func(s string) int { return len(s) }) {
		fmt.Println("early result:", d.Name, d.Result)
		first++
		if first == 2 {
			break
		}
	}
	fmt.Println("stopped after", first)
}
