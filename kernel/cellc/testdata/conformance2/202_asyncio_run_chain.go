// asyncio.run(main()): an entry point starts the first coroutine, which
// awaits others; every await suspends the caller until the callee is done.
// Each await is a goroutine plus a channel; the depth shows the call chain.
package main

import (
	"fmt"
	"strings"
	"time"
)

type Result[T any] struct {
	Value T
	Took  time.Duration
}

func await[T any](f func() T) T {
	ch := make(chan T)
	go func() { ch <- f() }()
	return <-ch
}

func log(depth int, format string, args ...any) {
	fmt.Printf("%s%s\n", strings.Repeat("  ", depth), fmt.Sprintf(format, args...))
}

func fetchUser(depth, id int) string {
	log(depth, "fetch_user(%d) start", id)
	time.Sleep(time.Millisecond)
	name := []string{"kim", "lee", "park"}[id%3]
	log(depth, "fetch_user(%d) -> %q", id, name)
	return name
}

func fetchOrders(depth int, user string) []int {
	log(depth, "fetch_orders(%s) start", user)
	orders := await(func() []int {
		log(depth+1, "db query for %s", user)
		return []int{len(user) * 10, len(user) * 20}
	})
	log(depth, "fetch_orders(%s) -> %v", user, orders)
	return orders
}

func handler(depth, id int) map[string]any {
	log(depth, "handler(%d) start", id)
	user := await(func() string { return fetchUser(depth+1, id) })
	orders := await(func() []int { return fetchOrders(depth+1, user) })
	total := 0
	for _, o := range orders {
		total += o
	}
	log(depth, "handler(%d) done", id)
	return map[string]any{"user": user, "orders": orders, "total": total}
}

func run[T any](main func() T) T {
	fmt.Println("asyncio.run: loop created")
	defer fmt.Println("asyncio.run: loop closed")
	return await(main)
}

func main() {
	res := run(func() map[string]any {
		return handler(0, 4)
	})
	fmt.Println("result:", res)
	fmt.Printf("%v %T %v\n", res["user"], res["orders"], res["total"])

	r := Result[string]{Value: "ok", Took: 1500 * time.Microsecond}
	fmt.Printf("%+v\n", r)
	fmt.Println(r.Took, r.Took.Round(time.Millisecond), r.Took.Milliseconds())
}
