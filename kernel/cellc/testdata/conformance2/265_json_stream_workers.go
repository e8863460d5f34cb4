// A stream of JSON events decoded one at a time (like lines arriving on a
// socket), handled by workers, and the results encoded back to JSON.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
)

type Event struct {
	ID      int               `json:"id"`
	Kind    string            `json:"kind"`
	Payload map[string]string `json:"payload,omitempty"`
	Tags    []string          `json:"tags,omitempty"`
}

type Outcome struct {
	ID      int    `json:"id"`
	Handled bool   `json:"handled"`
	Note    string `json:"note,omitempty"`
	Worker  int    `json:"-"`
}

const stream = `{"id":1,"kind":"order","payload":{"item":"latte"}}
{"id":2,"kind":"refund","payload":{"amount":"4500"},"tags":["vip"]}
{"id":3,"kind":"ping"}
{"id":4,"kind":"order","payload":{"item":"mocha"},"tags":["app","promo"]}
`

func handle(e Event) Outcome {
	switch e.Kind {
	case "order":
		return Outcome{ID: e.ID, Handled: true, Note: "brew " + e.Payload["item"]}
	case "refund":
		return Outcome{ID: e.ID, Handled: true, Note: "refund " + e.Payload["amount"] + " to " + strings.Join(e.Tags, ",")}
	}
	return Outcome{ID: e.ID}
}

func main() {
	dec := json.NewDecoder(strings.NewReader(stream + `{"id":5,"kind":`))
	events := make(chan Event)
	outcomes := make(chan Outcome)
	var wg sync.WaitGroup
	for w := 1; w <= 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range events {
				o := handle(e)
				o.Worker = w
				outcomes <- o
			}
		}()
	}
	var decodeErr error
	go func() {
		defer close(events)
		for {
			var e Event
			err := dec.Decode(&e)
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				decodeErr = err
				return
			}
			events <- e
		}
	}()
	go func() { wg.Wait(); close(outcomes) }()
	var all []Outcome
	for o := range outcomes {
		all = append(all, o)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	enc := json.NewEncoder(os.Stdout)
	for _, o := range all {
		enc.Encode(o)
	}
	fmt.Println("decode error:", decodeErr)
	b, _ := json.MarshalIndent(map[string]any{"count": len(all), "first": all[0]}, "", "  ")
	fmt.Println(string(b))
	var back Event
	err := json.Unmarshal([]byte(`{"id":"seven"}`), &back)
	var ute *json.UnmarshalTypeError
	fmt.Println(errors.As(err, &ute), ute.Field, ute.Value)
}
