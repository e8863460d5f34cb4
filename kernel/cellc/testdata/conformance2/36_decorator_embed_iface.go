// Embedding an interface in a struct to decorate it; typed nil interfaces.
package main

import (
	"errors"
	"fmt"
	"strings"
)

type Store interface {
	Get(key string) (string, error)
	Set(key, val string)
}

type memStore struct{ m map[string]string }

func (s *memStore) Get(k string) (string, error) {
	v, ok := s.m[k]
	if !ok {
		return "", fmt.Errorf("get %q: %w", k, ErrMissing)
	}
	return v, nil
}

func (s *memStore) Set(k, v string) { s.m[k] = v }

var ErrMissing = errors.New("missing")

type countingStore struct {
	Store
	gets, sets int
}

func (c *countingStore) Get(k string) (string, error) {
	c.gets++
	return c.Store.Get(k)
}

type upperStore struct{ Store }

func (u upperStore) Set(k, v string) { u.Store.Set(k, strings.ToUpper(v)) }

type MyErr struct{}

func (*MyErr) Error() string { return "my error" }

func mayFailCorrect(fail bool) error {
	if fail {
		return &MyErr{}
	}
	return nil
}

func main() {
	base := &memStore{m: map[string]string{}}
	cs := &countingStore{Store: upperStore{base}}
	var s Store = cs
	s.Set("a", "hello")
	s.Set("b", "world")
	v, err := s.Get("a")
	fmt.Println(v, err)
	_, err = s.Get("zzz")
	fmt.Println(err, errors.Is(err, ErrMissing))
	fmt.Println("gets:", cs.gets, "sets:", cs.sets, "base:", base.m)

	err = mayFailCorrect(false)
	fmt.Println("untyped nil is nil:", err == nil)
	err = mayFailCorrect(true)
	var me *MyErr
	fmt.Println(errors.As(err, &me), me != nil, err)

	var st Store
	fmt.Println("nil store:", st == nil)
	func() {
		defer func() { fmt.Println("recovered:", recover() != nil) }()
		st.Get("x")
	}()
	stores := []Store{base, cs, upperStore{base}}
	for _, x := range stores {
		switch x.(type) {
		case *memStore:
			fmt.Println("mem")
		case *countingStore:
			fmt.Println("counting")
		default:
			fmt.Printf("other %T\n", x)
		}
	}
}
