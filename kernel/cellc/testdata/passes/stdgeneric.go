// Generic standard-library functions whose interpreted source fails.
package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

type IDs []int

type Item struct {
	Name string
	Qty  int
}

func main() {
	ids := IDs{3, 3, 1, 1, 2}
	ids = slices.Compact(ids)
	fmt.Printf("%v %T\n", ids, ids)
	words := slices.CompactFunc([]string{"Go", "go", "GO", "yaegi"}, strings.EqualFold)
	fmt.Println(words, len(words))
	items := []Item{{"a", 0}, {"b", 2}, {"c", 0}, {"d", 4}}
	items = slices.DeleteFunc(items, func(it Item) bool { return it.Qty == 0 })
	fmt.Println(items)
	xs := []int{0, 1, 2, 3, 4, 5}
	fmt.Println(slices.Delete(xs, 1, 3), xs)
	fmt.Println(slices.Concat([]string{"a"}, nil, []string{"b", "c"}), slices.Concat[[]int]() == nil)
	fmt.Println(slices.Replace([]int{1, 2, 3, 4}, 1, 3, 9), slices.Replace([]int{1, 2}, 1, 1, 7, 8, 9))
	stock := map[string]Item{"a": {"a", 1}}
	cp := maps.Clone(stock)
	cp["b"] = Item{"b", 2}
	var none map[string]int
	fmt.Println(len(stock), len(cp), maps.Clone(none) == nil)
}
