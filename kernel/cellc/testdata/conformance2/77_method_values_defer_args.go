// Method values bind their receiver when made; defer and go evaluate
// arguments at once; closures see later changes.
package main

import (
	"fmt"
	"sync"
)

type Counter struct {
	name string
	n    int
}

func (c Counter) Show() string { return fmt.Sprintf("%s=%d", c.name, c.n) }
func (c *Counter) Inc()        { c.n++ }

type Greeter interface{ Greet() string }

type English struct{ Name string }

func (e English) Greet() string { return "hello " + e.Name }

func main() {
	c := Counter{"a", 1}
	show := c.Show
	inc := c.Inc
	inc()
	inc()
	c.name = "renamed"
	fmt.Println(show(), c.Show(), c.n)

	var g Greeter = English{"ann"}
	greet := g.Greet
	g = English{"bob"}
	fmt.Println(greet(), g.Greet())

	x := 1
	defer fmt.Println("deferred x =", x)
	closure := func() int { return x }
	x = 2
	fmt.Println("closure sees", closure())

	funcs := []func() string{}
	items := []Counter{{"p", 1}, {"q", 2}}
	for _, it := range items {
		funcs = append(funcs, it.Show)
	}
	items[0].n = 100
	for _, f := range funcs {
		fmt.Print(f(), " ")
	}
	fmt.Println()

	var wg sync.WaitGroup
	results := make([]string, 3)
	cs := []Counter{{"x", 1}, {"y", 2}, {"z", 3}}
	for i, cc := range cs {
		wg.Add(1)
		go func(s string) {
			defer wg.Done()
			results[i] = s
		}(cc.Show())
	}
	cs[0].n = 99
	wg.Wait()
	fmt.Println(results)

	ptrs := []*Counter{}
	for i := range 3 {
		ptrs = append(ptrs, &Counter{fmt.Sprint("c", i), i})
	}
	incs := []func(){}
	for _, p := range ptrs {
		incs = append(incs, p.Inc)
	}
	for _, f := range incs {
		f()
		f()
	}
	for _, p := range ptrs {
		fmt.Print(p.Show(), " ")
	}
	fmt.Println()
	m := map[string]func(int) int{}
	for _, k := range []int{2, 3} {
		m[fmt.Sprint("x", k)] = func(v int) int { return v * k }
	}
	fmt.Println(m["x2"](10), m["x3"](10))
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print("d", i, " ") }()
	}
	defer fmt.Println()
}
