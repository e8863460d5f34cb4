// Calling an async function gives a coroutine object, not its value: here a
// Coroutine[T] does nothing until it is awaited, and awaiting it from another
// coroutine hands the value up the chain.
package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

type Coroutine[T any] struct {
	name   string
	body   func() T
	done   bool
	result T
	runs   int
}

func Async[T any](name string, body func() T) *Coroutine[T] {
	return &Coroutine[T]{name: name, body: body}
}

func (c *Coroutine[T]) String() string {
	state := "pending"
	if c.done {
		state = "finished"
	}
	return fmt.Sprintf("<coroutine object %s (%s)>", c.name, state)
}

// Await runs the body the first time and returns the cached result after.
func (c *Coroutine[T]) Await() T {
	if !c.done {
		c.runs++
		c.result = c.body()
		c.done = true
	}
	return c.result
}

var trace []string

func getHihi() *Coroutine[map[string]string] {
	return Async("get_hihi", func() map[string]string {
		trace = append(trace, "get_hihi body runs")
		return map[string]string{"message": "hihi"}
	})
}

func mainCoro() *Coroutine[map[string]string] {
	return Async("main", func() map[string]string {
		trace = append(trace, "main body runs")
		value := getHihi().Await()
		return value
	})
}

func run[T any](c *Coroutine[T]) T {
	trace = append(trace, "run: "+c.name)
	return c.Await()
}

func main() {
	c := getHihi()
	fmt.Println(c)
	fmt.Printf("%T\n", c)
	fmt.Println("trace so far:", len(trace))

	m := mainCoro()
	fmt.Println(m)
	result := run(m)
	fmt.Println(m)
	fmt.Println("result:", result)
	b, _ := json.Marshal(result)
	fmt.Println("as JSON:", string(b))
	fmt.Println("trace:", strings.Join(trace, " -> "))

	// Awaiting twice reuses the result.
	again := m.Await()
	fmt.Println("again:", again["message"], "runs:", m.runs)

	// A batch of coroutines created first and awaited later, in reverse.
	var coros []*Coroutine[int]
	for i := range 4 {
		coros = append(coros, Async(fmt.Sprintf("square_%d", i), func() int {
			trace = append(trace, fmt.Sprint("square ", i))
			return i * i
		}))
	}
	trace = trace[:0]
	sum := 0
	for i := len(coros) - 1; i >= 0; i-- {
		sum += coros[i].Await()
	}
	fmt.Println("sum:", sum, "order:", trace)

	counts := map[bool]int{}
	for _, c := range coros {
		counts[c.done]++
	}
	keys := make([]string, 0)
	for k, v := range counts {
		keys = append(keys, fmt.Sprintf("%t=%d", k, v))
	}
	sort.Strings(keys)
	fmt.Println(keys)
}
