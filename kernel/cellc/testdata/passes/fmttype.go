// %T of values whose types the program declares.
package main

import "fmt"

type Celsius float64

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func main() {
	type local int
	var c Celsius = 21.5
	var l local = 3
	var e error = fmt.Errorf("x")
	fmt.Printf("%T %v|%T|%-12T|%T|%T\n", c, c, l, []Celsius{c}, Pair[string, int]{"a", 1}, &c)
	fmt.Println(fmt.Sprintf("%T %d%% %T", e, 5, map[string]local{}))
}

type State int

func (s State) String() string { return [...]string{"idle", "running"}[s] }

func init() {
	s := State(1)
	fmt.Printf("%v %d %s %5.1f\n", s, s, s, Celsius(2))
}
