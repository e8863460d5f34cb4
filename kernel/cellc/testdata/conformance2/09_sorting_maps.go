// Maps of structs, sort.Slice with multiple keys, slices and maps packages.
package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

type Employee struct {
	Name   string
	Dept   string
	Salary int
}

type byDept map[string][]Employee

func main() {
	staff := []Employee{
		{"Ann", "eng", 120}, {"Bob", "ops", 90}, {"Cid", "eng", 120},
		{"Dee", "ops", 95}, {"Eve", "eng", 130}, {"Fay", "hr", 70},
	}
	sort.Slice(staff, func(i, j int) bool {
		if staff[i].Salary != staff[j].Salary {
			return staff[i].Salary > staff[j].Salary
		}
		return staff[i].Name < staff[j].Name
	})
	for _, e := range staff {
		fmt.Printf("%-4s %-4s %d\n", e.Name, e.Dept, e.Salary)
	}
	groups := byDept{}
	for _, e := range staff {
		groups[e.Dept] = append(groups[e.Dept], e)
	}
	depts := slices.Sorted(maps.Keys(groups))
	for _, d := range depts {
		total := 0
		for _, e := range groups[d] {
			total += e.Salary
		}
		fmt.Printf("%s: %d people, total %d\n", d, len(groups[d]), total)
	}
	index := map[string]*Employee{}
	for i := range staff {
		index[staff[i].Name] = &staff[i]
	}
	index["Bob"].Salary += 10
	fmt.Println("Bob now:", staff[slices.IndexFunc(staff, func(e Employee) bool { return e.Name == "Bob" })].Salary)

	counts := map[string]int{}
	for _, w := range strings.Fields("the cat and the hat and the bat") {
		counts[w]++
	}
	type wc struct {
		w string
		n int
	}
	var list []wc
	for w, n := range counts {
		list = append(list, wc{w, n})
	}
	slices.SortFunc(list, func(a, b wc) int {
		return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.w, b.w))
	})
	fmt.Println(list)
	fmt.Printf("%v\n", counts)
	m2 := maps.Clone(counts)
	delete(m2, "the")
	fmt.Println(len(counts), len(m2), maps.Equal(counts, m2))
	byName := slices.Clone(staff)
	slices.SortStableFunc(byName, func(a, b Employee) int { return strings.Compare(a.Dept, b.Dept) })
	fmt.Println(byName[0], byName[len(byName)-1])
	i, ok := slices.BinarySearchFunc(depts, "hr", strings.Compare)
	fmt.Println(i, ok, slices.Contains(depts, "ops"), slices.Max([]int{3, 9, 2}))
}
