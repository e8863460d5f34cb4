// Types declared inside functions, printed with %+v and %#v.
package main

import "fmt"

func first() any {
	type item struct {
		name string
		qty  int
	}
	return item{"pen", 2}
}

func second() any {
	type item struct{ id int } // another item
	return item{7}
}

func generic[T any](v T) string {
	type box struct{ v T } // stays in the function
	return fmt.Sprintf("%v", box{v})
}

func main() {
	type kv struct {
		k string
		v int
	}
	type pair struct {
		left, right kv
		ok          bool
	}
	const n = 2
	type grid [n]int // mentions a local constant: stays
	a := kv{"a", 1}
	fmt.Printf("%+v|%#v|%T\n", a, a, a)
	fmt.Printf("%+v %v\n", pair{a, a, true}, []kv{a, {"b", 2}})
	fmt.Printf("%+v %+v %T\n", first(), second(), second())
	fmt.Println(generic(3), grid{1, 2})
}
