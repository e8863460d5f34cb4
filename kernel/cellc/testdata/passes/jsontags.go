// encoding/json leaves unexported fields out.
package main

import (
	"encoding/json"
	"fmt"
	"sync"
)

type Account struct {
	Owner   string `json:"owner"`
	balance int
	mu      sync.Mutex
	note    string `json:"note"` // ignored all the same
	hidden  string `xml:"h"`
}

func main() {
	a := &Account{Owner: "ann", balance: 10, note: "n", hidden: "h"}
	b, err := json.Marshal(a)
	fmt.Println(string(b), err)
	type point struct {
		X, y int
	}
	b, _ = json.Marshal(point{1, 2})
	fmt.Println(string(b))
	fmt.Printf("%+v\n", point{3, 4})
}
