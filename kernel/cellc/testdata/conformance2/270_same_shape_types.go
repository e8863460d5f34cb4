// Distinct struct types with the same fields stay distinct in interfaces:
// context keys, events told apart by a type switch, map keys, %T and the
// String method of one of them.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
)

type userKey struct{}
type requestIDKey struct{}

type Created struct{ ID int }
type Deleted struct{ ID int }
type Renamed struct {
	ID   int
	Name string `json:"name"`
}

type Celsius struct{ Deg float64 }
type Fahrenheit struct{ Deg float64 }

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", c.Deg) }

func handle(events <-chan any, counts map[string]int, done chan<- struct{}) {
	for ev := range events {
		switch e := ev.(type) {
		case Created:
			counts[fmt.Sprintf("created %d", e.ID)]++
		case Deleted:
			counts[fmt.Sprintf("deleted %d", e.ID)]++
		case Renamed:
			counts["renamed "+e.Name]++
		default:
			counts[fmt.Sprintf("other %T", e)]++
		}
	}
	close(done)
}

func main() {
	ctx := context.WithValue(context.Background(), userKey{}, "ann")
	ctx = context.WithValue(ctx, requestIDKey{}, "req-7")
	user, _ := ctx.Value(userKey{}).(string)
	fmt.Println("user:", user, "request:", ctx.Value(requestIDKey{}))

	events := make(chan any)
	counts := map[string]int{}
	done := make(chan struct{})
	go handle(events, counts, done)
	for _, ev := range []any{Created{1}, Deleted{1}, Created{2}, Renamed{2, "b"}, Fahrenheit{1}} {
		events <- ev
	}
	close(events)
	<-done
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)

	var x any = Deleted{3}
	_, isCreated := x.(Created)
	fmt.Printf("%T %v %v\n", x, isCreated, x)

	seen := map[any]bool{Created{1}: true, Deleted{1}: true, userKey{}: true, requestIDKey{}: true}
	fmt.Println(len(seen), seen[Deleted{1}], seen[Created{2}])

	temps := []any{Celsius{21.5}, Fahrenheit{70.7}}
	for _, t := range temps {
		_, isStringer := t.(fmt.Stringer)
		fmt.Printf("%v %T %v\n", t, t, isStringer)
	}
	fmt.Println(userKey{}, Created{4}, Celsius{3})
	fmt.Printf("%+v %#v %#v\n", userKey{}, requestIDKey{}, Deleted{5})

	out, _ := json.Marshal([]any{Renamed{1, "a"}, userKey{}, Created{9}})
	fmt.Println(string(out))
	d := Deleted(Created{6})
	fmt.Println(d)
}
