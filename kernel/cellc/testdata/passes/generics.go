// Generic calls whose type arguments must be inferred; generic functions
// calling generic functions and converting to their type parameters.
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

type ID int

func one[T any](x T) []T { return []T{x} }

func Wrap[T any](x T) []T { return append(one(x), one[T](x)...) }

func Average[T Number](xs []T) float64 {
	total := T(0)
	for _, x := range xs {
		total += x
	}
	return float64(total) / float64(len(xs))
}

func Scale[T Number](x T, k int) T { return x * T(k) }

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
	fmt.Println(Wrap(ID(1)), Wrap("s"), Average([]ID{2, 5}), Average([]float64{1, 2}), Scale(ID(3), 2))
}
