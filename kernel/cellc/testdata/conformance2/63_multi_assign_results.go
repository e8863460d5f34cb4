// Collecting goroutine results with multi-value assignments: several
// variables set at once from literals, receives and calls, swaps, and
// declarations with more than one value.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

type result struct {
	ID    int
	Words []string
}

func split(id int, text string) result {
	return result{ID: id, Words: strings.Fields(text)}
}

func minMax(xs []int) (lo, hi int) {
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		lo, hi = min(lo, x), max(hi, x)
	}
	return
}

func main() {
	texts, results := []string{"go is fun", "channels carry values", "select waits"}, make(chan result, 3)
	var wg sync.WaitGroup
	for i, t := range texts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- split(i, t)
		}()
	}
	wg.Wait()

	first, count := <-results, 1
	all := []result{first}
	for len(all) < len(texts) {
		r, ok := <-results, true
		all, count = append(all, r), count+1
		_ = ok
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	fmt.Println("collected", count, "results")

	var lengths, total = []int{}, 0
	for _, r := range all {
		lengths, total = append(lengths, len(r.Words)), total+len(r.Words)
		fmt.Printf("%d: %q\n", r.ID, r.Words)
	}
	lo, hi := minMax(lengths)
	fmt.Println("words:", lengths, "total", total, "min", lo, "max", hi)

	// Fibonacci by swapping, and a pair of slices swapped whole.
	a, b := 0, 1
	seq := []int{}
	for range 10 {
		seq, a, b = append(seq, a), b, a+b
	}
	fmt.Println("fib:", seq)
	left, right := []string{"l"}, []string{"r1", "r2"}
	left, right = right, left
	fmt.Println("swapped:", left, right)

	// Redeclaring with := keeps the old variable and adds the new one.
	stats, err := map[string]int{"lines": len(texts)}, error(nil)
	words, err := strings.Fields(texts[1]), fmt.Errorf("%d words", len(strings.Fields(texts[1])))
	fmt.Println(stats, words, err)

	type pair struct{ K, V string }
	p, n := pair{"key", "value"}, len("value")
	p, n = pair{p.V, p.K}, n*2
	fmt.Printf("%+v %d\n", p, n)
}
