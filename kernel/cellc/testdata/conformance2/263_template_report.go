// Orders are priced concurrently, then rendered into a receipt with
// text/template: range, if/else, custom functions and printf.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"text/template"
)

type Line struct {
	Item  string
	Qty   int
	Price int
}

type Order struct {
	ID       int
	Customer string
	Lines    []Line
	Total    int
	Discount bool
}

var prices = map[string]int{"latte": 4500, "mocha": 5000, "bagel": 3000, "tea": 4000}

const receipt = `{{range .}}Order #{{.ID}} for {{upper .Customer}}
{{range $i, $l := .Lines}}  {{inc $i}}. {{printf "%-6s" $l.Item}} x{{$l.Qty}} {{won (mul $l.Qty $l.Price)}}
{{end}}{{if .Discount}}  10% off applied
{{else}}  no discount
{{end}}  total: {{won .Total}}
{{end}}`

func main() {
	orders := []Order{
		{ID: 1, Customer: "kim", Lines: []Line{{Item: "latte", Qty: 2}, {Item: "bagel", Qty: 1}}},
		{ID: 2, Customer: "lee", Lines: []Line{{Item: "tea", Qty: 1}}},
		{ID: 3, Customer: "park", Lines: []Line{{Item: "mocha", Qty: 3}, {Item: "latte", Qty: 2}, {Item: "tea", Qty: 1}}},
	}
	var wg sync.WaitGroup
	for i := range orders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := &orders[i]
			for j := range o.Lines {
				o.Lines[j].Price = prices[o.Lines[j].Item]
				o.Total += o.Lines[j].Price * o.Lines[j].Qty
			}
			if o.Total >= 20000 {
				o.Discount = true
				o.Total = o.Total * 9 / 10
			}
		}()
	}
	wg.Wait()
	funcs := template.FuncMap{
		"upper": strings.ToUpper,
		"inc":   func(i int) int { return i + 1 },
		"mul":   func(a, b int) int { return a * b },
		"won":   func(n int) string { return fmt.Sprintf("%d won", n) },
	}
	t := template.Must(template.New("receipt").Funcs(funcs).Parse(receipt))
	if err := t.Execute(os.Stdout, orders); err != nil {
		fmt.Println("error:", err)
	}
	sort.Slice(orders, func(i, j int) bool { return orders[i].Total > orders[j].Total })
	fmt.Println("biggest order:", orders[0].ID, orders[0].Total)
	_, err := template.New("bad").Parse("{{.Missing")
	fmt.Println("parse error:", err != nil)
}
