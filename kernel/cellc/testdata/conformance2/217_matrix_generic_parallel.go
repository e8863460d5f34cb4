// CPU-bound math: matrix products and dot products over a Number constraint,
// each output row computed by its own goroutine.
package main

import (
	"fmt"
	"strings"
	"sync"
)

type Number interface {
	~int | ~int32 | ~int64 | ~float32 | ~float64
}

type Matrix[T Number] [][]T

func New[T Number](rows, cols int, f func(i, j int) T) Matrix[T] {
	m := make(Matrix[T], rows)
	for i := range m {
		m[i] = make([]T, cols)
		for j := range m[i] {
			m[i][j] = f(i, j)
		}
	}
	return m
}

func Dot[T Number](a, b []T) T {
	var s T
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func (m Matrix[T]) Col(j int) []T {
	c := make([]T, len(m))
	for i := range m {
		c[i] = m[i][j]
	}
	return c
}

func (m Matrix[T]) Mul(o Matrix[T]) Matrix[T] {
	out := make(Matrix[T], len(m))
	var wg sync.WaitGroup
	for i := range m {
		wg.Add(1)
		go func() {
			defer wg.Done()
			row := make([]T, len(o[0]))
			for j := range row {
				row[j] = Dot(m[i], o.Col(j))
			}
			out[i] = row
		}()
	}
	wg.Wait()
	return out
}

func (m Matrix[T]) String() string {
	var sb strings.Builder
	for _, row := range m {
		for j, v := range row {
			if j > 0 {
				sb.WriteByte(' ')
			}
			fmt.Fprintf(&sb, "%7v", v)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

type Celsius float64

func main() {
	a := New(3, 4, func(i, j int) int { return i + j })
	b := New(4, 2, func(i, j int) int { return i*2 - j })
	fmt.Print(a.Mul(b))
	id := New(3, 3, func(i, j int) float64 {
		if i == j {
			return 1
		}
		return 0
	})
	f := New(3, 3, func(i, j int) float64 { return float64(i*3+j) / 4 })
	fmt.Print(f.Mul(id))
	fmt.Println("dot:", Dot([]int{1, 2, 3}, []int{4, 5, 6}), Dot([]float32{0.5, 1.5}, []float32{2, 2}))
	temps := []Celsius{20.5, 21, 19.5}
	weights := []Celsius{1, 1, 2}
	fmt.Printf("weighted: %.2f %T\n", Dot(temps, weights), Dot(temps, weights))
	big := New(40, 40, func(i, j int) int64 { return int64((i*j)%7 - 3) })
	sq := big.Mul(big)
	var trace int64
	for i := range sq {
		trace += sq[i][i]
	}
	fmt.Println("trace of big^2:", trace)
}
