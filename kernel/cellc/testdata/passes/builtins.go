// The builtins min, max and clear.
package main

import (
	"fmt"
	"math"
)

type Celsius float64

type number interface{ ~int | ~float64 | ~string }

func clamp[T number](v, lo, hi T) T { return max(lo, min(v, hi)) }

func main() {
	a, b, c := 3, 1, 2
	fmt.Println(min(a, b, c), max(a, b, c), min(a, 7), max(2.5, float64(b)))
	fmt.Println(min("pear", "apple"), max("pear", "apple"))
	const k = min(4, 2.5)
	var f32 float32 = max(1, 2)
	fmt.Println(k, f32)
	t := []Celsius{21.5, -3, 40}
	fmt.Println(min(t[0], t[1], t[2]), max(t[0], t[2]))
	fmt.Println(math.IsNaN(min(1, math.NaN())), math.Signbit(min(0.0, math.Copysign(0, -1))))
	m := map[string]int{"a": 1, "b": 2}
	clear(m)
	s := []int{1, 2, 3}
	clear(s)
	fmt.Println(len(m), s)
	fmt.Println(clamp(15, 0, 10), clamp(Celsius(-4), -2, 2), clamp("m", "a", "k"), math.IsNaN(clamp(math.NaN(), 0, 1)))
}
