// Reading sales records from CSV, summing them per category with one
// goroutine per category, and writing the summary back out as CSV.
package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
)

const data = `date,category,item,amount
2024-05-01,coffee,latte,4500
2024-05-01,bakery,bagel,3000
2024-05-02,coffee,mocha,5000
2024-05-02,coffee,latte,4500
2024-05-03,tea,green tea,4000
2024-05-03,bakery,"croissant, butter",3800
2024-05-03,coffee,espresso,bad
`

type Sale struct {
	Date, Category, Item string
	Amount               int
}

func main() {
	r := csv.NewReader(strings.NewReader(data))
	rows, err := r.ReadAll()
	if err != nil {
		fmt.Println("read:", err)
		return
	}
	header, rows := rows[0], rows[1:]
	fmt.Println("columns:", strings.Join(header, "|"), "rows:", len(rows))
	byCat := map[string][]Sale{}
	var bad []string
	for i, row := range rows {
		amt, err := strconv.Atoi(row[3])
		if err != nil {
			bad = append(bad, fmt.Sprintf("row %d: %v", i+2, err))
			continue
		}
		s := Sale{row[0], row[1], row[2], amt}
		byCat[s.Category] = append(byCat[s.Category], s)
	}
	type summary struct {
		Category string
		Count    int
		Total    int
		Items    []string
	}
	results := make(chan summary)
	var wg sync.WaitGroup
	for cat, sales := range byCat {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := summary{Category: cat}
			for _, sale := range sales {
				s.Count++
				s.Total += sale.Amount
				s.Items = append(s.Items, sale.Item)
			}
			sort.Strings(s.Items)
			results <- s
		}()
	}
	go func() { wg.Wait(); close(results) }()
	var sums []summary
	for s := range results {
		sums = append(sums, s)
	}
	sort.Slice(sums, func(i, j int) bool { return sums[i].Total > sums[j].Total })
	w := csv.NewWriter(os.Stdout)
	w.Write([]string{"category", "count", "total", "items"})
	for _, s := range sums {
		w.Write([]string{s.Category, strconv.Itoa(s.Count), strconv.Itoa(s.Total), strings.Join(s.Items, "; ")})
	}
	w.Flush()
	fmt.Println("errors:", w.Error(), bad)
}
