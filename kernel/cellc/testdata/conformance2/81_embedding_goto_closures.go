package main

import (
	"fmt"
	"strings"
)

type Animal interface {
	Sound() string
	Name() string
}

type Base struct{ name string }

func (b *Base) Name() string { return b.name }

type Dog struct {
	*Base
	tricks []string
}

func (d *Dog) Sound() string { return "woof" }

type Cat struct {
	Base
	lives int
}

func (c *Cat) Sound() string { return "meow" }
func (c *Cat) Name() string  { return "cat:" + c.Base.Name() }

type Logger struct {
	prefix string
	lines  []string
}

func (l *Logger) Log(format string, args ...any) {
	l.lines = append(l.lines, l.prefix+fmt.Sprintf(format, args...))
}

type Service struct {
	*Logger
	Name string
}

func collatz(n int) (steps int) {
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return
}

func find(grid [][]int, target int) (int, int, bool) {
	for i := range grid {
		for j := range grid[i] {
			if grid[i][j] == target {
				return i, j, true
			}
		}
	}
	return -1, -1, false
}

func main() {
	animals := []Animal{&Dog{Base: &Base{"rex"}}, &Cat{Base: Base{"tom"}, lives: 9}}
	for _, a := range animals {
		fmt.Printf("%s says %s\n", a.Name(), a.Sound())
	}
	svc := Service{Logger: &Logger{prefix: "[svc] "}, Name: "api"}
	svc.Log("started %s", svc.Name)
	svc.Log("%d requests", 3)
	fmt.Println(strings.Join(svc.lines, "; "))

	i := 0
loop:
	if i < 3 {
		fmt.Print("goto", i, " ")
		i++
		goto loop
	}
	fmt.Println()

	counts := map[int]int{}
	for n := 1; n <= 10; n++ {
		counts[collatz(n)]++
	}
	fmt.Println(counts, collatz(27))
	r, c, ok := find([][]int{{1, 2}, {3, 4}}, 4)
	fmt.Println(r, c, ok)
	var fns []func() int
	for i := 0; i < 3; i++ {
		fns = append(fns, func() int { return i * i })
	}
	for _, f := range fns {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	acc := 0
	add := func(n int) func() {
		return func() { acc += n }
	}
	ops := []func(){add(1), add(10), add(100)}
	for _, op := range ops {
		op()
		op()
	}
	fmt.Println(acc)
	var sb strings.Builder
	for i := range 3 {
		func() {
			defer sb.WriteString(fmt.Sprint("]"))
			sb.WriteString(fmt.Sprint("[", i))
		}()
	}
	fmt.Println(sb.String())
	x := 10
	inc := func() { x++ }
	inc()
	inc()
	fmt.Println(x)
	matrix := [][]int{{1, 2, 3}, {4, 5, 6}}
	t := make([][]int, 3)
	for i := range t {
		t[i] = make([]int, 2)
		for j := range t[i] {
			t[i][j] = matrix[j][i]
		}
	}
	fmt.Println(t)
}
