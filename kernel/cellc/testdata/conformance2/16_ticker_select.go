// time.Ticker in a select loop with a done channel and a default branch.
package main

import (
	"fmt"
	"time"
)

type Heartbeat struct {
	Beats   int
	Skipped int
}

func monitor(done <-chan struct{}, interval time.Duration) <-chan Heartbeat {
	out := make(chan Heartbeat, 1)
	go func() {
		defer close(out)
		t := time.NewTicker(interval)
		defer t.Stop()
		var hb Heartbeat
		for {
			select {
			case <-done:
				out <- hb
				return
			case <-t.C:
				hb.Beats++
			}
		}
	}()
	return out
}

func main() {
	done := make(chan struct{})
	res := monitor(done, time.Millisecond)
	time.Sleep(20 * time.Millisecond)
	close(done)
	hb := <-res
	fmt.Println("some beats:", hb.Beats > 3, "skipped:", hb.Skipped)
	_, open := <-res
	fmt.Println("result channel open:", open)

	tk := time.NewTicker(2 * time.Millisecond)
	n := 0
	for range tk.C {
		n++
		if n == 3 {
			tk.Stop()
			break
		}
	}
	fmt.Println("ticks:", n)
	tk.Reset(time.Millisecond)
	<-tk.C
	tk.Stop()
	fmt.Println("ticked after reset")

	msgs := make(chan string, 3)
	polls := 0
	for polls < 5 {
		select {
		case m := <-msgs:
			fmt.Println("msg:", m)
		default:
			polls++
			if polls == 2 {
				msgs <- "hello"
				msgs <- "world"
			}
		}
	}
	fmt.Println("polls:", polls, "left:", len(msgs))

	timeout := time.After(30 * time.Millisecond)
	tick := time.Tick(5 * time.Millisecond)
	count := 0
loop:
	for {
		select {
		case <-tick:
			count++
			if count == 2 {
				break loop
			}
		case <-timeout:
			fmt.Println("timeout")
			break loop
		}
	}
	fmt.Println("count:", count)
	start := time.Now()
	timer := time.NewTimer(5 * time.Millisecond)
	<-timer.C
	fmt.Println("waited at least 5ms:", time.Since(start) >= 5*time.Millisecond)
	fmt.Println("stop fired timer:", timer.Stop())
}
