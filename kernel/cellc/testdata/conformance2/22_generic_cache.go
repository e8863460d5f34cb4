// A generic, mutex-protected cache with expiry and a generic result type.
package main

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	data  map[K]V
	hits  int
	miss  int
	loads int
}

func NewCache[K comparable, V any]() *Cache[K, V] {
	return &Cache[K, V]{data: make(map[K]V)}
}

func (c *Cache[K, V]) GetOrLoad(k K, load func(K) (V, error)) (V, error) {
	c.mu.Lock()
	if v, ok := c.data[k]; ok {
		c.hits++
		c.mu.Unlock()
		return v, nil
	}
	c.miss++
	c.mu.Unlock()
	v, err := load(k)
	if err != nil {
		var zero V
		return zero, err
	}
	c.mu.Lock()
	c.data[k] = v
	c.loads++
	c.mu.Unlock()
	return v, nil
}

func (c *Cache[K, V]) Keys() []K {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]K, 0, len(c.data))
	for k := range c.data {
		keys = append(keys, k)
	}
	return keys
}

type Result[T any] struct {
	Val T
	Err error
}

func (r Result[T]) String() string {
	if r.Err != nil {
		return "error: " + r.Err.Error()
	}
	return fmt.Sprintf("ok: %v", r.Val)
}

func Try[T any](f func() (T, error)) Result[T] {
	v, err := f()
	return Result[T]{v, err}
}

type Optional[T any] struct {
	v     T
	valid bool
}

func Some[T any](v T) Optional[T] { return Optional[T]{v, true} }
func None[T any]() Optional[T]    { return Optional[T]{} }

func (o Optional[T]) OrElse(d T) T {
	if o.valid {
		return o.v
	}
	return d
}

var errOdd = errors.New("odd key")

func main() {
	c := NewCache[int, string]()
	load := func(k int) (string, error) {
		if k%2 == 1 {
			return "", fmt.Errorf("load %d: %w", k, errOdd)
		}
		return fmt.Sprintf("value-%d", k), nil
	}
	var wg sync.WaitGroup
	results := make([]Result[string], 6)
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = Try(func() (string, error) { return c.GetOrLoad(i, load) })
		}()
	}
	wg.Wait()
	for i, r := range results {
		fmt.Println(i, r, errors.Is(r.Err, errOdd))
	}
	v, _ := c.GetOrLoad(2, load)
	fmt.Println("again:", v, "hits:", c.hits)
	keys := c.Keys()
	sort.Ints(keys)
	fmt.Println("keys:", keys)

	words := NewCache[string, []int]()
	ls, _ := words.GetOrLoad("go", func(s string) ([]int, error) { return []int{len(s)}, nil })
	fmt.Println(ls)
	fmt.Println(Some(5).OrElse(0), None[string]().OrElse("default"))
	fmt.Printf("%v|%+v\n", Some("x"), None[int]())
	fmt.Println(Try(func() (int, error) { return 0, errors.New("nope") }))
}
