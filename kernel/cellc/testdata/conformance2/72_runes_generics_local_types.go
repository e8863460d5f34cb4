// Runes, fallthrough, shadowing, generic types with methods, constraints.
package main

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

type Number interface {
	~int | ~int64 | ~float64
}

type Celsius float64

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }
func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}
func (s Stack[T]) Len() int { return len(s.items) }

func Sum[T Number](xs ...T) T {
	var total T
	for _, x := range xs {
		total += x
	}
	return total
}

func MapKeys[K comparable, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

type Set[T comparable] map[T]struct{}

func (s Set[T]) Add(v T)      { s[v] = struct{}{} }
func (s Set[T]) Has(v T) bool { _, ok := s[v]; return ok }
func NewSet[T comparable](vs ...T) Set[T] {
	s := Set[T]{}
	for _, v := range vs {
		s.Add(v)
	}
	return s
}

type Tree[T any] struct {
	Left, Right *Tree[T]
	Val         T
}

func (t *Tree[T]) Walk(f func(T)) {
	if t == nil {
		return
	}
	t.Left.Walk(f)
	f(t.Val)
	t.Right.Walk(f)
}

func grade(n int) string {
	out := ""
	switch {
	case n >= 90:
		out += "A"
		fallthrough
	case n >= 80:
		out += "B"
	case n >= 70:
		out += "C"
	default:
		out += "F"
	}
	return out
}

func main() {
	s := "héllo, 世界!"
	for i, r := range s {
		if r > 127 {
			fmt.Printf("%d:%c(%U) ", i, r, r)
		}
	}
	fmt.Println(len(s), len([]rune(s)), strings.ToUpper(s))
	b := []byte("abc")
	b[0] = 'X'
	fmt.Println(string(b), string(rune(65)), s[1], s[:3], fmt.Sprintf("%q", s[1:3]))
	count := map[string]int{}
	for _, r := range "Hello World" {
		switch {
		case unicode.IsUpper(r):
			count["upper"]++
		case unicode.IsLower(r):
			count["lower"]++
		case unicode.IsSpace(r):
			count["space"]++
		}
	}
	fmt.Println(count)

	x := 1
	if x := 2; x > 1 {
		fmt.Println("inner", x)
	}
	{
		x := 3
		x++
		_ = x
	}
	fmt.Println("outer", x)

	var st Stack[string]
	st.Push("a")
	st.Push("b")
	v, ok := st.Pop()
	fmt.Println(v, ok, st.Len())
	ints := &Stack[int]{}
	for i := range 3 {
		ints.Push(i * i)
	}
	fmt.Println(ints.items, ints.Len())

	fmt.Println(Sum(1, 2, 3), Sum(1.5, 2.5), Sum(Celsius(10), Celsius(5.5)))
	keys := MapKeys(map[string]bool{"z": true, "a": false, "m": true})
	sort.Strings(keys)
	fmt.Println(keys)
	set := NewSet("go", "rust", "go")
	fmt.Println(len(set), set.Has("go"), set.Has("c"))

	tree := &Tree[int]{Val: 5, Left: &Tree[int]{Val: 3}, Right: &Tree[int]{Val: 8, Left: &Tree[int]{Val: 7}}}
	var vals []int
	tree.Walk(func(v int) { vals = append(vals, v) })
	fmt.Println(vals)
	for _, n := range []int{95, 85, 75, 10} {
		fmt.Print(grade(n), " ")
	}
	fmt.Println()
	type kv struct {
		k string
		v int
	}
	freq := map[string]int{}
	for _, w := range strings.Fields("the cat the dog the end cat") {
		freq[w]++
	}
	var kvs []kv
	for k, v := range freq {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool {
		if kvs[i].v != kvs[j].v {
			return kvs[i].v > kvs[j].v
		}
		return kvs[i].k < kvs[j].k
	})
	fmt.Println(kvs)
	fmt.Printf("%v %+v\n", kvs[0], kvs[0])
	var sb strings.Builder
	for i := 3; i > 0; i-- {
		fmt.Fprintf(&sb, "%d...", i)
	}
	sb.WriteString("liftoff")
	fmt.Println(sb.String())
	r := strings.NewReplacer("a", "4", "e", "3")
	fmt.Println(r.Replace("release the beast"), strings.Repeat("=", 10), strings.Title("x"))
	fields := strings.FieldsFunc("a,b;;c", func(r rune) bool { return r == ',' || r == ';' })
	fmt.Println(fields, len(fields), strings.EqualFold("Go", "GO"), strings.Count("cheese", "e"))
}
