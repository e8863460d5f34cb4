// Parallel matrix multiplication by rows, checked against the serial result.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

type Matrix [][]float64

func NewMatrix(r, c int, f func(i, j int) float64) Matrix {
	m := make(Matrix, r)
	for i := range m {
		m[i] = make([]float64, c)
		for j := range m[i] {
			m[i][j] = f(i, j)
		}
	}
	return m
}

func (a Matrix) Mul(b Matrix) Matrix {
	out := NewMatrix(len(a), len(b[0]), func(int, int) float64 { return 0 })
	for i := range a {
		for j := range b[0] {
			for k := range b {
				out[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return out
}

func (a Matrix) ParMul(b Matrix, workers int) Matrix {
	out := make(Matrix, len(a))
	rows := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rows {
				row := make([]float64, len(b[0]))
				for j := range row {
					for k := range b {
						row[j] += a[i][k] * b[k][j]
					}
				}
				out[i] = row
			}
		}()
	}
	for i := range a {
		rows <- i
	}
	close(rows)
	wg.Wait()
	return out
}

func (a Matrix) Equal(b Matrix) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func main() {
	a := NewMatrix(20, 15, func(i, j int) float64 { return float64(i + j) })
	b := NewMatrix(15, 10, func(i, j int) float64 { return float64(i*j%7) - 3 })
	serial := a.Mul(b)
	par := a.ParMul(b, runtime.NumCPU())
	fmt.Println("equal:", serial.Equal(par))
	fmt.Println(serial[0][:5], serial[19][9])
	small := NewMatrix(2, 2, func(i, j int) float64 { return float64(i*2 + j + 1) })
	fmt.Println(small.Mul(small))
	fmt.Printf("%v %.1f\n", small, small[1])
	var sums [4]int
	var wg sync.WaitGroup
	data := make([]int, 1000)
	for i := range data {
		data[i] = i
	}
	chunk := len(data) / len(sums)
	for w := range len(sums) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, v := range data[w*chunk : (w+1)*chunk] {
				sums[w] += v
			}
		}()
	}
	wg.Wait()
	fmt.Println(sums, sums[0]+sums[1]+sums[2]+sums[3])
}
