// min, max, clear, copy, append growth, slices of slices, and string/rune handling.
package main

import (
	"fmt"
	"strings"
	"unicode"
)

type Score struct {
	Name string
	Pts  int
}

func main() {
	fmt.Println(min(3, 1, 2), max(3, 1, 2), min(2.5, 1.0), max("b", "a", "c"))
	x, y := 7, 9
	fmt.Println(min(x, y, 8), max(x, 0))
	m := map[string]int{"a": 1, "b": 2}
	clear(m)
	fmt.Println(len(m), m)
	s := []int{1, 2, 3}
	clear(s)
	fmt.Println(s, len(s))
	dst := make([]int, 2)
	n := copy(dst, []int{9, 8, 7})
	fmt.Println(n, dst)
	var grow []int
	caps := map[int]bool{}
	for i := range 100 {
		grow = append(grow, i)
		caps[cap(grow)] = true
	}
	fmt.Println(len(grow), len(caps) > 3)
	a := []int{1, 2, 3, 4, 5}
	b := a[1:3]
	b = append(b, 99)
	fmt.Println(a, b, len(b), cap(b))
	c := a[1:3:3]
	c = append(c, 100)
	fmt.Println(a, c)
	matrix := make([][]int, 3)
	for i := range matrix {
		matrix[i] = make([]int, 3)
		for j := range matrix[i] {
			matrix[i][j] = i * j
		}
	}
	fmt.Println(matrix)
	word := "héllo, 世界"
	fmt.Println(len(word), len([]rune(word)))
	for i, r := range "aé世" {
		fmt.Print(i, ":", string(r), " ")
	}
	fmt.Println()
	upper := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToUpper(r)
		}
		return -1
	}, word)
	fmt.Println(upper)
	var sb strings.Builder
	for i := range 3 {
		fmt.Fprintf(&sb, "[%d]", i)
	}
	sb.WriteString("!")
	sb.WriteByte('?')
	sb.WriteRune('✓')
	fmt.Println(sb.String(), sb.Len())
	scores := []Score{{"a", 5}, {"b", 9}, {"c", 2}}
	best := scores[0]
	for _, sc := range scores[1:] {
		if sc.Pts > best.Pts {
			best = sc
		}
	}
	fmt.Printf("%+v\n", best)
	bs := []byte("abc")
	bs = append(bs, "def"...)
	fmt.Println(string(bs), strings.Count("cheese", "e"), strings.Title("x"))
	r := []rune("hello")
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	fmt.Println(string(r))
	fmt.Println(strings.EqualFold("Go", "GO"), strings.TrimFunc("  x  ", unicode.IsSpace), strings.Fields(" a  b "))
	type kv = struct {
		k string
		v int
	}
	fmt.Println([]kv{{"z", 1}})
}
