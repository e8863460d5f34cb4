// An async crawl over a tree: each node's "fetch" runs in its own goroutine,
// results land in a generic binary search tree, and an in-order iterator
// reads them back sorted.
package main

import (
	"cmp"
	"fmt"
	"iter"
	"strings"
	"sync"
)

// Tree counts how often each key was put.
type Tree[K cmp.Ordered] struct {
	root *node[K]
	size int
}

type node[K cmp.Ordered] struct {
	key         K
	val         int
	left, right *node[K]
}

func (n *node[K]) walk(yield func(K, int) bool) bool {
	if n == nil {
		return true
	}
	return n.left.walk(yield) && yield(n.key, n.val) && n.right.walk(yield)
}

func (t *Tree[K]) Put(k K) {
	p := &t.root
	for *p != nil {
		switch c := cmp.Compare(k, (*p).key); {
		case c < 0:
			p = &(*p).left
		case c > 0:
			p = &(*p).right
		default:
			(*p).val++
			return
		}
	}
	*p = &node[K]{key: k, val: 1}
	t.size++
}

func (t *Tree[K]) All() iter.Seq2[K, int] {
	return func(yield func(K, int) bool) { t.root.walk(yield) }
}

type Page struct {
	URL   string
	Links []string
}

var site = map[string][]string{
	"/":          {"/about", "/blog", "/shop"},
	"/blog":      {"/blog/go", "/blog/async", "/"},
	"/shop":      {"/shop/cart"},
	"/blog/go":   {"/blog/async"},
	"/about":     nil,
	"/shop/cart": {"/"},
}

func crawl(start string) *Tree[string] {
	var mu sync.Mutex
	seen := map[string]bool{}
	tree := &Tree[string]{}
	var wg sync.WaitGroup
	var visit func(url string)
	visit = func(url string) {
		defer wg.Done()
		mu.Lock()
		if seen[url] {
			mu.Unlock()
			return
		}
		seen[url] = true
		tree.Put(url)
		mu.Unlock()
		for _, l := range site[url] {
			wg.Add(1)
			go visit(l)
		}
	}
	wg.Add(1)
	go visit(start)
	wg.Wait()
	return tree
}

func main() {
	t := crawl("/")
	fmt.Println("pages:", t.size)
	for url, n := range t.All() {
		fmt.Printf("%-12s found, stored %d time(s)\n", url, n)
	}
	var firstTwo []string
	for url := range t.All() {
		firstTwo = append(firstTwo, url)
		if len(firstTwo) == 2 {
			break
		}
	}
	fmt.Println("first two:", strings.Join(firstTwo, " "))

	words := &Tree[string]{}
	for _, w := range strings.Fields("to be or not to be that is the question") {
		words.Put(w)
	}
	for w, n := range words.All() {
		fmt.Print(w, "=", n, " ")
	}
	fmt.Println("| distinct:", words.size)
}
