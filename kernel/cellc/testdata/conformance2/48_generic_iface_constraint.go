// Generic functions constrained by interfaces with methods, generic types with String.
package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

type Shape interface {
	Area() float64
	Name() string
}

type Circle struct{ R float64 }
type Square struct{ S float64 }

func (c Circle) Area() float64 { return math.Pi * c.R * c.R }
func (c Circle) Name() string  { return "circle" }
func (s Square) Area() float64 { return s.S * s.S }
func (s Square) Name() string  { return "square" }

func TotalArea[S Shape](shapes []S) float64 {
	t := 0.0
	for _, s := range shapes {
		t += s.Area()
	}
	return t
}

func Largest[S Shape](shapes ...S) S {
	best := shapes[0]
	for _, s := range shapes[1:] {
		if s.Area() > best.Area() {
			best = s
		}
	}
	return best
}

type Named[T any] struct {
	Label string
	Val   T
}

func (n Named[T]) String() string { return fmt.Sprintf("%s=%v", n.Label, n.Val) }

type Stringer interface{ String() string }

func JoinAll[T Stringer](xs []T, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = x.String()
	}
	return strings.Join(parts, sep)
}

type Number interface{ ~int | ~float64 }

func Stats[T Number](xs []T) (mn, mx T, mean float64) {
	mn, mx = xs[0], xs[0]
	var sum T
	for _, x := range xs {
		mn = min(mn, x)
		mx = max(mx, x)
		sum += x
	}
	return mn, mx, float64(sum) / float64(len(xs))
}

func Keys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func main() {
	circles := []Circle{{1}, {2}}
	fmt.Printf("%.2f\n", TotalArea(circles))
	fmt.Printf("%.2f\n", TotalArea([]Square{{2}, {3}}))
	shapes := []Shape{Circle{1}, Square{3}, Circle{1.5}}
	fmt.Printf("%.2f\n", TotalArea(shapes))
	l := Largest(shapes...)
	fmt.Println(l.Name(), l)
	fmt.Println(Largest(Square{1}, Square{4}, Square{2}))
	ns := []Named[int]{{"a", 1}, {"b", 2}}
	fmt.Println(JoinAll(ns, ", "))
	fmt.Println(ns)
	fmt.Println(Named[[]string]{"tags", []string{"x", "y"}})
	mn, mx, mean := Stats([]int{4, 8, 1, 7})
	fmt.Println(mn, mx, mean)
	fmn, fmx, fmean := Stats([]float64{2.5, -1, 4})
	fmt.Println(fmn, fmx, fmean)
	ks := Keys(map[string]bool{"z": true, "m": false, "a": true})
	sort.Strings(ks)
	fmt.Println(ks)
}
