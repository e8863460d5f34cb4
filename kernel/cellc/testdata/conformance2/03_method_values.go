// Method values and method expressions handed to goroutines and callbacks.
package main

import (
	"fmt"
	"strings"
	"sync"
)

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func NewCounter() *Counter { return &Counter{n: map[string]int{}} }

func (c *Counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
}

func (c *Counter) Get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

type Greeter struct{ greeting string }

func (g Greeter) Greet(name string) string { return g.greeting + ", " + name }

func apply(names []string, f func(string) string) []string {
	var out []string
	for _, n := range names {
		out = append(out, f(n))
	}
	return out
}

func main() {
	c := NewCounter()
	inc := c.Inc
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				inc("even")
			} else {
				inc("odd")
			}
		}()
	}
	wg.Wait()
	fmt.Println("even:", c.Get("even"), "odd:", c.Get("odd"))

	hello := Greeter{"Hello"}
	hi := Greeter{"Hi"}
	fmt.Println(apply([]string{"Ann", "Bob"}, hello.Greet))
	fmt.Println(apply([]string{"Cy"}, hi.Greet))

	greet := Greeter.Greet
	fmt.Println(greet(hello, "Dee"))

	get := (*Counter).Get
	fmt.Println("via method expression:", get(c, "even"))

	fs := []func(string) string{strings.ToUpper, strings.ToLower, hello.Greet}
	for i, f := range fs {
		fmt.Println(i, f("MiXeD"))
	}
	// A method value binds its receiver when it is evaluated.
	g := Greeter{"Hey"}
	bound := g.Greet
	g.greeting = "Yo"
	fmt.Println(bound("Eve"), g.Greet("Eve"))
}
