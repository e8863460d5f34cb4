// Pointers into slices and structs, pointer receivers through maps and slices.
package main

import "fmt"

type Item struct {
	Name string
	Qty  int
}

func (it *Item) Add(n int)          { it.Qty += n }
func (it Item) Total(price int) int { return it.Qty * price }

type Inventory struct {
	items []Item
	index map[string]int
}

func (inv *Inventory) Put(name string, qty int) {
	if inv.index == nil {
		inv.index = map[string]int{}
	}
	if i, ok := inv.index[name]; ok {
		inv.items[i].Add(qty)
		return
	}
	inv.index[name] = len(inv.items)
	inv.items = append(inv.items, Item{name, qty})
}

func (inv *Inventory) Find(name string) *Item {
	if i, ok := inv.index[name]; ok {
		return &inv.items[i]
	}
	return nil
}

func swap(a, b *int) { *a, *b = *b, *a }

func modifySlice(s []int) { s[0] = 100 }
func appendSlice(s []int) { s = append(s, 4); s[0] = -1 }
func appendPtr(s *[]int)  { *s = append(*s, 4) }

func main() {
	var inv Inventory
	inv.Put("apple", 3)
	inv.Put("pear", 1)
	inv.Put("apple", 2)
	fmt.Println(inv.items, inv.Find("apple").Qty, inv.Find("kiwi") == nil)
	p := inv.Find("pear")
	p.Add(10)
	fmt.Println(inv.items[1], p.Total(2))

	a, b := 1, 2
	swap(&a, &b)
	fmt.Println(a, b)
	s := []int{1, 2, 3}
	modifySlice(s)
	fmt.Println(s)
	appendSlice(s[:2])
	fmt.Println(s)
	appendPtr(&s)
	fmt.Println(s, len(s))

	ptrs := []*Item{{"x", 1}, {"y", 2}}
	for _, it := range ptrs {
		it.Qty *= 10
	}
	fmt.Println(*ptrs[0], *ptrs[1])
	vals := []Item{{"x", 1}, {"y", 2}}
	for _, it := range vals {
		it.Qty *= 10
	}
	for i := range vals {
		vals[i].Add(1)
	}
	fmt.Println(vals)
	m := map[string]*Item{"k": {"k", 1}}
	m["k"].Add(5)
	m["k"].Qty++
	fmt.Println(*m["k"])
	pp := &p
	(*pp).Qty = 0
	fmt.Println(inv.items[1].Qty)
	type Matrix [2][2]int
	id := Matrix{{1, 0}, {0, 1}}
	cp := id
	cp[0][0] = 5
	mp := &id
	mp[1][1] = 7
	fmt.Println(id, cp)
	n := new(int)
	*n = 42
	fmt.Println(*n)
	fn := func(it *Item) { it.Name += "!" }
	it := Item{Name: "z"}
	fn(&it)
	fmt.Printf("%+v\n", it)
}
