// Methods promoted from an embedded interface, used through interfaces.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type Greeter interface {
	Greet(names ...string) string
}

type english struct{}

func (english) Greet(names ...string) string { return "hello " + strings.Join(names, ", ") }

type Bot struct {
	Greeter
	id int
}

type reverse struct{ sort.Interface }

func (r reverse) Less(i, j int) bool { return r.Interface.Less(j, i) }

func greet(g Greeter) string { return g.Greet("ann", "bob") }

func main() {
	b := Bot{Greeter: english{}, id: 1}
	fmt.Println(greet(b), greet(&b))
	xs := []string{"a", "c", "b"}
	sort.Sort(reverse{sort.StringSlice(xs)})
	fmt.Println(xs)
}
