// Context trees: values with typed keys, cancellation propagation, deadlines and causes.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	userKey
)

type User struct {
	ID   int
	Name string
}

func handler(ctx context.Context, results chan<- string, wg *sync.WaitGroup) {
	defer wg.Done()
	id, _ := ctx.Value(requestIDKey).(string)
	u, ok := ctx.Value(userKey).(User)
	if !ok {
		results <- id + ": no user"
		return
	}
	select {
	case <-time.After(time.Duration(u.ID) * 5 * time.Millisecond):
		results <- fmt.Sprintf("%s: served %s", id, u.Name)
	case <-ctx.Done():
		results <- fmt.Sprintf("%s: %v for %s", id, ctx.Err(), u.Name)
	}
}

func main() {
	root, cancel := context.WithTimeout(context.Background(), 12*time.Millisecond)
	defer cancel()
	results := make(chan string, 4)
	var wg sync.WaitGroup
	users := []User{{1, "ann"}, {10, "bob"}}
	for i, u := range users {
		ctx := context.WithValue(root, requestIDKey, fmt.Sprintf("req-%d", i+1))
		ctx = context.WithValue(ctx, userKey, u)
		wg.Add(1)
		go handler(ctx, results, &wg)
	}
	wg.Add(1)
	go handler(context.WithValue(root, requestIDKey, "req-3"), results, &wg)
	wg.Wait()
	close(results)
	got := map[string]string{}
	for r := range results {
		got[r[:5]] = r
	}
	for _, k := range []string{"req-1", "req-2", "req-3"} {
		fmt.Println(got[k])
	}
	fmt.Println("root:", root.Err(), errors.Is(root.Err(), context.DeadlineExceeded))

	parent, pc := context.WithCancelCause(context.Background())
	child1, c1 := context.WithCancel(parent)
	defer c1()
	child2, c2 := context.WithTimeout(child1, time.Hour)
	defer c2()
	pc(errors.New("shutting down"))
	<-child2.Done()
	fmt.Println(child1.Err(), child2.Err(), context.Cause(child2))
	fmt.Printf("%v %q\n", ctxKey(1), fmt.Sprint(userKey))
}
