// A cafe order board with Korean menu names: runes vs bytes, widths by rune
// count, sorting by Unicode order, and building receipts concurrently.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

type MenuItem struct {
	Name  string
	Price int
}

func pad(s string, width int) string {
	n := utf8.RuneCountInString(s)
	if n >= width {
		return s
	}
	return s + strings.Repeat(" ", width-n)
}

func won(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + "원"
}

func main() {
	menu := []MenuItem{{"아메리카노", 4500}, {"카페라떼", 5000}, {"바닐라라떼", 5500}, {"녹차", 4000}, {"espresso", 3500}}
	for _, m := range menu {
		fmt.Printf("%s|%6s| bytes=%2d runes=%d\n", pad(m.Name, 8), won(m.Price), len(m.Name), utf8.RuneCountInString(m.Name))
	}
	names := make([]string, len(menu))
	for i, m := range menu {
		names[i] = m.Name
	}
	sort.Strings(names)
	fmt.Println("sorted:", names)

	first, size := utf8.DecodeRuneInString(menu[0].Name)
	fmt.Printf("first rune %c %U size %d\n", first, first, size)
	for i, r := range "라떼" {
		fmt.Printf("%d:%c(%x) ", i, r, r)
	}
	fmt.Println()
	fmt.Printf("%q %+q %x\n", "녹차", "녹차", "녹차")
	rs := []rune(menu[2].Name)
	fmt.Println(string(rs[:3]), string(rs[len(rs)-2:]), len(rs))

	orders := map[string][]string{
		"민수":  {"아메리카노", "녹차"},
		"지영":  {"카페라떼"},
		"Tom": {"espresso", "바닐라라떼", "아메리카노"},
	}
	prices := map[string]int{}
	for _, m := range menu {
		prices[m.Name] = m.Price
	}
	receipts := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for who, items := range orders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			total := 0
			for _, it := range items {
				total += prices[it]
			}
			r := fmt.Sprintf("%s: %s = %s", who, strings.Join(items, "+"), won(total))
			mu.Lock()
			receipts[who] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	whos := make([]string, 0, len(receipts))
	for w := range receipts {
		whos = append(whos, w)
	}
	sort.Strings(whos)
	for _, w := range whos {
		fmt.Println(receipts[w])
	}
	fmt.Println(strings.ToUpper("latte 라떼"), strings.Contains("바닐라라떼", "라라"), strings.Index("바닐라라떼", "떼"))
}
