// context.WithTimeout and WithCancel across a worker that checks ctx.Done.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func slowOp(ctx context.Context, d time.Duration) (string, error) {
	select {
	case <-time.After(d):
		return "done after " + d.String(), nil
	case <-ctx.Done():
		return "", fmt.Errorf("slowOp: %w", ctx.Err())
	}
}

type key string

func worker(ctx context.Context, id int, out chan<- string) {
	user, _ := ctx.Value(key("user")).(string)
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			out <- fmt.Sprintf("worker %d for %s stopped: %v", id, user, context.Cause(ctx))
			return
		default:
		}
		if i == 3 {
			time.Sleep(5 * time.Millisecond)
		}
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	res, err := slowOp(ctx, time.Millisecond)
	fmt.Println(res, err)
	res, err = slowOp(ctx, time.Second)
	fmt.Printf("%q %v deadline=%v\n", res, err, errors.Is(err, context.DeadlineExceeded))

	ctx2, cancel2 := context.WithCancelCause(context.WithValue(context.Background(), key("user"), "ann"))
	out := make(chan string)
	go worker(ctx2, 1, out)
	time.Sleep(2 * time.Millisecond)
	cancel2(errors.New("shutdown requested"))
	fmt.Println(<-out)
	fmt.Println("err:", ctx2.Err(), "cause:", context.Cause(ctx2))

	parent, pcancel := context.WithCancel(context.Background())
	child, ccancel := context.WithTimeout(parent, time.Hour)
	defer ccancel()
	pcancel()
	<-child.Done()
	fmt.Println("child sees parent cancel:", child.Err())
	_, hasDeadline := child.Deadline()
	fmt.Println("child has deadline:", hasDeadline)

	ctx3, cancel3 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel3()
	fmt.Println("past deadline:", ctx3.Err())

	stop := context.AfterFunc(ctx3, func() { fmt.Println("after func ran") })
	time.Sleep(5 * time.Millisecond)
	fmt.Println("stop returns:", stop())
	ctx4, cancel4 := context.WithTimeoutCause(context.Background(), time.Millisecond, errors.New("too slow"))
	defer cancel4()
	<-ctx4.Done()
	fmt.Println(ctx4.Err(), context.Cause(ctx4))
	fmt.Println(context.WithoutCancel(ctx4).Err())
}
