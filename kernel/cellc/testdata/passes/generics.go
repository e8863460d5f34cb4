// Generic calls whose type arguments must be inferred.
package main

import "fmt"

type Number interface{ ~int | ~float64 }

func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func Map[T, U any](xs []T, f func(T) U) []U {
	var out []U
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Merge[T any](chs ...<-chan T) []T {
	var out []T
	for _, c := range chs {
		for v := range c {
			out = append(out, v)
		}
	}
	return out
}

func gen(vals ...string) <-chan string {
	c := make(chan string, len(vals))
	for _, v := range vals {
		c <- v
	}
	close(c)
	return c
}

func main() {
	fmt.Println(Sum(1.5, 2.5), Sum(1, 2, 3))
	fmt.Println(Map([]int{1, 2, 3}, func(i int) string { return fmt.Sprint(i * i) }))
	fmt.Println(Merge(gen("a", "b"), gen("c")))
}
