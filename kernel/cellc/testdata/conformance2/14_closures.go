// Closures: counters, generators, loop-variable capture, funcs in maps.
package main

import (
	"fmt"
	"sort"
	"strings"
)

func counter() (func() int, func()) {
	n := 0
	return func() int { n++; return n }, func() { n = 0 }
}

func memo(f func(int) int) func(int) int {
	cache := map[int]int{}
	return func(n int) int {
		if v, ok := cache[n]; ok {
			return v
		}
		v := f(n)
		cache[n] = v
		return v
	}
}

type Middleware func(string) string

func chain(ms ...Middleware) Middleware {
	return func(s string) string {
		for i := len(ms) - 1; i >= 0; i-- {
			s = ms[i](s)
		}
		return s
	}
}

func main() {
	next, reset := counter()
	fmt.Println(next(), next(), next())
	reset()
	fmt.Println(next())

	var funcs []func() string
	for _, name := range []string{"a", "b", "c"} {
		funcs = append(funcs, func() string { return name })
	}
	for i := 0; i < 3; i++ {
		funcs = append(funcs, func() string { return fmt.Sprint(i) })
	}
	var out []string
	for _, f := range funcs {
		out = append(out, f())
	}
	fmt.Println(strings.Join(out, ","))

	calls := 0
	var fib func(int) int
	fib = memo(func(n int) int {
		calls++
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	})
	fmt.Println(fib(40), "calls:", calls)

	ops := map[string]func(a, b int) int{
		"add": func(a, b int) int { return a + b },
		"sub": func(a, b int) int { return a - b },
		"mul": func(a, b int) int { return a * b },
	}
	names := make([]string, 0)
	for k := range ops {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Println(k, ops[k](7, 3))
	}
	up := Middleware(strings.ToUpper)
	excl := func(s string) string { return s + "!" }
	wrap := func(s string) string { return "<" + s + ">" }
	fmt.Println(chain(wrap, excl, up)("hi"))

	acc := 0
	add := func(xs ...int) {
		for _, x := range xs {
			acc += x
		}
	}
	add(1, 2)
	add([]int{3, 4}...)
	fmt.Println("acc:", acc)

	x := 10
	inc := func() { x++ }
	inc()
	inc()
	fmt.Println("x:", x)
	adders := make([]func(int) int, 3)
	for i := range adders {
		adders[i] = func(n int) int { return n + i*10 }
	}
	fmt.Println(adders[0](1), adders[1](1), adders[2](1))
}
