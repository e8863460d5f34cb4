// Three ways to wait for slow work: nested callbacks, futures that are
// awaited, and channels. The same three-step job (fetch user, fetch
// orders, total them) written each way gives the same answer.
package main

import (
	"errors"
	"fmt"
	"strings"
)

type User struct {
	ID   int
	Name string
}

var users = map[int]User{1: {1, "kim"}, 2: {2, "lee"}}
var orders = map[int][]int{1: {1200, 3400}, 2: {}}

// Callback style: each step hands its result to the next function.
func fetchUserCB(id int, done func(User, error)) {
	go func() {
		u, ok := users[id]
		if !ok {
			done(User{}, fmt.Errorf("user %d: %w", id, errNotFound))
			return
		}
		done(u, nil)
	}()
}

func fetchOrdersCB(u User, done func([]int, error)) {
	go func() { done(orders[u.ID], nil) }()
}

var errNotFound = errors.New("not found")

// Future style.
type Future[T any] struct {
	ch  chan struct{}
	val T
	err error
}

func Go[T any](f func() (T, error)) *Future[T] {
	fu := &Future[T]{ch: make(chan struct{})}
	go func() {
		defer close(fu.ch)
		fu.val, fu.err = f()
	}()
	return fu
}

func (f *Future[T]) Await() (T, error) {
	<-f.ch
	return f.val, f.err
}

func fetchUser(id int) *Future[User] {
	return Go(func() (User, error) {
		u, ok := users[id]
		if !ok {
			return User{}, fmt.Errorf("user %d: %w", id, errNotFound)
		}
		return u, nil
	})
}

func fetchOrders(u User) *Future[[]int] {
	return Go(func() ([]int, error) { return orders[u.ID], nil })
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func main() {
	for _, id := range []int{1, 2, 3} {
		// 1. callbacks ("callback hell"): the result arrives in a closure.
		result := make(chan string, 1)
		fetchUserCB(id, func(u User, err error) {
			if err != nil {
				result <- "error: " + err.Error()
				return
			}
			fetchOrdersCB(u, func(os []int, err error) {
				result <- fmt.Sprintf("%s spent %d", u.Name, sum(os))
			})
		})
		cb := <-result

		// 2. futures: reads top to bottom, like await.
		var fut string
		u, err := fetchUser(id).Await()
		if err != nil {
			fut = "error: " + err.Error()
		} else {
			os, _ := fetchOrders(u).Await()
			fut = fmt.Sprintf("%s spent %d", u.Name, sum(os))
		}

		// 3. both fetches started first, awaited later (like gather).
		fu := fetchUser(id)
		fo := Go(func() ([]int, error) { return orders[id], nil })
		u3, err3 := fu.Await()
		os3, _ := fo.Await()
		g := fmt.Sprintf("%s spent %d", u3.Name, sum(os3))
		if err3 != nil {
			g = "error: " + err3.Error()
		}
		same := cb == fut && fut == g
		fmt.Printf("id %d: %-22s same in all three styles: %v\n", id, cb, same)
	}
	_, err := fetchUser(9).Await()
	fmt.Println(errors.Is(err, errNotFound), strings.Contains(err.Error(), "9"))
}
