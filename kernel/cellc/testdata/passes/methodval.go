// Method values bind their receiver when made; method expressions.
package main

import (
	"fmt"
	"strings"
)

type Greeter struct{ greeting string }

func (g Greeter) Greet(name string) string { return g.greeting + ", " + name }

type Counter struct{ n int }

func (c *Counter) Add(d ...int) int {
	for _, x := range d {
		c.n += x
	}
	return c.n
}

func apply(names []string, f func(string) string) string {
	var out []string
	for _, n := range names {
		out = append(out, f(n))
	}
	return strings.Join(out, "; ")
}

func main() {
	g := Greeter{"Hello"}
	bound := g.Greet
	g.greeting = "Yo"
	fmt.Println(bound("Ann"), g.Greet("Ann"))
	fmt.Println(apply([]string{"Bob", "Cy"}, g.Greet))
	greet := Greeter.Greet
	fmt.Println(greet(Greeter{"Hi"}, "Dee"))
	var c Counter
	add := c.Add
	add(1, 2)
	add(3)
	fmt.Println(c.n, (*Counter).Add(&c, 4))
	up := strings.ToUpper
	fmt.Println(up("done"))
}
