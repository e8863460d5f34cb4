package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

type Address struct {
	City string `json:"city"`
	Zip  string `json:"zip,omitempty"`
}

type User struct {
	ID      int               `json:"id"`
	Name    string            `json:"name"`
	Email   string            `json:"-"`
	Tags    []string          `json:"tags"`
	Addr    *Address          `json:"address,omitempty"`
	Meta    map[string]string `json:"meta,omitempty"`
	private int
}

func main() {
	u := User{ID: 1, Name: "Ann", Email: "a@x", Tags: []string{"admin"}, Addr: &Address{City: "Oslo"}}
	b, err := json.Marshal(u)
	fmt.Println(string(b), err)
	b, _ = json.MarshalIndent(User{ID: 2, Name: "Bob"}, "", "  ")
	fmt.Println(string(b))
	var back User
	err = json.Unmarshal([]byte(`{"id":3,"name":"Cid","tags":["x","y"],"address":{"city":"Rome","zip":"001"}}`), &back)
	fmt.Printf("%+v %+v %v\n", back.Tags, *back.Addr, err)
	var generic map[string]any
	json.Unmarshal([]byte(`{"a":1,"b":[true,null],"c":{"d":"e"}}`), &generic)
	keys := make([]string, 0)
	for k := range generic {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%s=%v (%T)\n", k, generic[k], generic[k])
	}
	err = json.Unmarshal([]byte(`{"id":"x"}`), &back)
	fmt.Println(err != nil)

	sc := bufio.NewScanner(strings.NewReader("line one\nline two\n\nlast"))
	n := 0
	for sc.Scan() {
		n++
		fmt.Printf("%d:%q\n", n, sc.Text())
	}
	ws := bufio.NewScanner(strings.NewReader("count the words in this line"))
	ws.Split(bufio.ScanWords)
	words := 0
	for ws.Scan() {
		words++
	}
	fmt.Println("words:", words)
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(w, "buffered %d\n", 42)
	w.Flush()
	enc := json.NewEncoder(os.Stdout)
	enc.Encode([]Address{{"A", "1"}, {City: "B"}})
}
