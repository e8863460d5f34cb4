// Methods on nil receivers, method sets through pointers, interface holding pointers.
package main

import "fmt"

type List struct {
	Val  int
	Next *List
}

func (l *List) Len() int {
	if l == nil {
		return 0
	}
	return 1 + l.Next.Len()
}

func (l *List) String() string {
	if l == nil {
		return "nil"
	}
	return fmt.Sprintf("%d->%v", l.Val, l.Next)
}

type Counter int

func (c *Counter) Inc()          { *c++ }
func (c Counter) Value() int     { return int(c) }
func (c Counter) String() string { return fmt.Sprintf("Counter(%d)", int(c)) }

type Incer interface{ Inc() }

func main() {
	var l *List
	fmt.Println(l.Len(), l)
	l = &List{1, &List{2, &List{3, nil}}}
	fmt.Println(l.Len(), l)
	fmt.Printf("%v %s\n", l, l)
	var c Counter
	c.Inc()
	c.Inc()
	fmt.Println(c.Value(), c)
	var i Incer = &c
	i.Inc()
	fmt.Println(c, i)
	cs := []Counter{1, 2}
	for i := range cs {
		cs[i].Inc()
	}
	fmt.Println(cs)
	m := map[string]*Counter{"a": new(Counter)}
	m["a"].Inc()
	fmt.Println(*m["a"], m["a"].Value())
	var s fmt.Stringer = c
	fmt.Println(s.String())
	fmt.Printf("%d %v %s\n", c, c, &c)
}
