// Method expressions called at once and kept as values: T.M, (*T).M for a
// value method, an interface's method, and a variadic one.
package main

import (
	"fmt"
	"strings"
)

type Base struct{ Name string }

func (b Base) Hello() string       { return "hi " + b.Name }
func (b *Base) Rename(name string) { b.Name = name }
func (b Base) Join(sep string, parts ...string) string {
	return b.Name + ":" + strings.Join(parts, sep)
}

type Greeter interface{ Hello() string }

func main() {
	b := &Base{"max"}
	fmt.Println((*Base).Hello(b), Base.Hello(*b))
	(*Base).Rename(b, "rex")
	fmt.Println(b.Name, Greeter.Hello(b))
	parts := []string{"a", "b"}
	fmt.Println(Base.Join(*b, "-", parts...), (*Base).Join(b, "+", "x", "y"))
	hello := (*Base).Hello
	rename := (*Base).Rename
	rename(b, "bo")
	fmt.Println(hello(b), Base.Hello(Base{"al"}))
}
