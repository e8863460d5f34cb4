// Struct and array comparison, arrays and structs as map keys, zero values.
package main

import "fmt"

type Point struct{ X, Y int }

type Edge struct {
	From, To Point
}

type Key [2]string

func neighbors(p Point) [4]Point {
	return [4]Point{{p.X + 1, p.Y}, {p.X - 1, p.Y}, {p.X, p.Y + 1}, {p.X, p.Y - 1}}
}

func main() {
	a, b := Point{1, 2}, Point{1, 2}
	fmt.Println(a == b, a != Point{2, 1}, a == Point{})
	var zero Point
	fmt.Println(zero == Point{}, zero)

	visited := map[Point]bool{}
	queue := []Point{{0, 0}}
	visited[Point{0, 0}] = true
	steps := 0
	for len(queue) > 0 && steps < 3 {
		var next []Point
		for _, p := range queue {
			for _, n := range neighbors(p) {
				if !visited[n] && n.X >= 0 && n.Y >= 0 {
					visited[n] = true
					next = append(next, n)
				}
			}
		}
		queue = next
		steps++
	}
	fmt.Println("visited:", len(visited))

	edges := map[Edge]int{}
	edges[Edge{Point{0, 0}, Point{1, 1}}] = 5
	edges[Edge{To: Point{1, 1}}] += 2
	fmt.Println(edges[Edge{Point{}, Point{1, 1}}], len(edges))

	pairs := map[Key]int{}
	pairs[Key{"a", "b"}]++
	pairs[[2]string{"a", "b"}]++
	pairs[Key{"b", "a"}]++
	fmt.Println(pairs[Key{"a", "b"}], len(pairs))

	arr1 := [3]int{1, 2, 3}
	arr2 := arr1
	arr2[0] = 9
	fmt.Println(arr1, arr2, arr1 == arr2, arr1 == [3]int{1, 2, 3})

	type pair struct {
		name string
		age  int
	}
	set := map[pair]struct{}{}
	set[pair{"x", 1}] = struct{}{}
	set[pair{"x", 1}] = struct{}{}
	_, ok := set[pair{"x", 1}]
	fmt.Println(len(set), ok)

	var i1, i2 any = Point{1, 1}, Point{1, 1}
	fmt.Println(i1 == i2)
	var e1, e2 error
	fmt.Println(e1 == e2, e1 == nil)
	ch1 := make(chan int)
	ch2 := ch1
	fmt.Println(ch1 == ch2)
	p1, p2 := &Point{}, &Point{}
	fmt.Println(p1 == p2, *p1 == *p2)
	grid := [3][3]rune{}
	for i := range grid {
		for j := range grid[i] {
			grid[i][j] = '.'
		}
	}
	grid[1][1] = '#'
	for _, row := range grid {
		fmt.Println(string(row[:]))
	}
}
