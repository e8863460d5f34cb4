// encoding/json with the program's own types inside interfaces, maps and
// slices of any, and with MarshalJSON methods.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type Point struct{ X, Y int }

func (p Point) Dist() int { return p.X*p.X + p.Y*p.Y }

type Money struct{ Cents int64 }

func (m Money) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`"$%d.%02d"`, m.Cents/100, m.Cents%100)), nil
}

type Status int

func (s Status) String() string { return [...]string{"ok", "failed"}[s] }

func (s Status) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

type Order struct {
	ID    int      `json:"id"`
	Items []string `json:"items"`
}

func main() {
	resp := map[string]any{
		"point":  Point{3, 4},
		"price":  Money{1999},
		"status": Status(1),
		"order":  Order{7, []string{"tea"}},
		"tags":   []any{Point{1, 1}, "x", 2.5},
	}
	out, err := json.Marshal(resp)
	fmt.Println(string(out), err)

	ind, _ := json.MarshalIndent([]any{Money{5}, Point{0, 1}}, "", "  ")
	fmt.Println(string(ind))

	one, _ := json.Marshal(Money{250})
	fmt.Println(string(one))
	var st any = Status(0)
	s, _ := json.Marshal(st)
	fmt.Println(string(s))

	enc := json.NewEncoder(os.Stdout)
	enc.Encode(map[string]any{"at": Point{9, 9}})

	var back map[string]any
	json.NewDecoder(strings.NewReader(string(out))).Decode(&back)
	fmt.Println(back["price"], back["status"], back["point"])
}
