// Values of types with methods put into interfaces are copies.
package main

import "fmt"

type Item struct{ ID int }

func (it Item) Describe() string { return fmt.Sprintf("item %d", it.ID) }

type Level int

func (l Level) String() string { return fmt.Sprintf("L%d", int(l)) }

type Describer interface{ Describe() string }

func next(it Item) Item { return Item{it.ID + 1} }

func main() {
	items := []Item{{1}, {2}, {3}}
	var ds []Describer
	for _, it := range items {
		ds = append(ds, it)
	}
	cur := Item{10}
	var ns []Describer
	for range 3 {
		cur = next(cur)
		ns = append(ns, next(cur))
	}
	fmt.Println(ds[0].Describe(), ds[2].Describe(), ns[0].Describe(), ns[2].Describe())
	var fresh []Describer
	for i := range 3 {
		it := Item{i * 10} // new each time, never changed: no copy
		fresh = append(fresh, it)
	}
	fmt.Println(fresh[0].Describe(), fresh[2].Describe())

	b := Item{1}
	var d Describer = b
	var a any = b
	l := Level(1)
	var s fmt.Stringer = l
	m := map[string]Describer{"b": b}
	b.ID, l = 2, 5
	fmt.Println(d.Describe(), a, s, m["b"].Describe())
}
