// Per-request timeouts with select: each simulated request either answers
// before its deadline or is reported as timed out; slow answers that come
// later are discarded without blocking the sender.
package main

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

type Reply struct {
	ID   int
	Body string
}

func call(id int, delay time.Duration) <-chan Reply {
	c := make(chan Reply, 1) // buffered: a late reply never blocks
	go func() {
		time.Sleep(delay)
		c <- Reply{id, fmt.Sprintf("reply-%d", id)}
	}()
	return c
}

func main() {
	delays := map[int]time.Duration{1: 0, 2: time.Hour, 3: time.Millisecond, 4: time.Hour}
	ids := make([]int, 0, len(delays))
	for id := range delays {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	var ok, timedOut []string
	for _, id := range ids {
		select {
		case r := <-call(id, delays[id]):
			ok = append(ok, r.Body)
		case <-time.After(30 * time.Millisecond):
			timedOut = append(timedOut, fmt.Sprint(id))
		}
	}
	fmt.Println("ok:", strings.Join(ok, ", "))
	fmt.Println("timed out:", strings.Join(timedOut, ", "))

	// One overall deadline for a batch instead of one per request.
	deadline := time.After(30 * time.Millisecond)
	pending := map[int]<-chan Reply{}
	for _, id := range ids {
		pending[id] = call(id, delays[id])
	}
	got := map[int]string{}
	for len(pending) > 0 {
		progressed := false
		for id, c := range pending {
			select {
			case r := <-c:
				got[id] = r.Body
				delete(pending, id)
				progressed = true
			default:
			}
		}
		if progressed {
			continue
		}
		select {
		case <-deadline:
			left := make([]int, 0, len(pending))
			for id := range pending {
				left = append(left, id)
			}
			sort.Ints(left)
			fmt.Println("batch deadline; still pending:", left)
			pending = nil
		case <-time.After(time.Millisecond):
		}
	}
	fmt.Println("batch got:", got)
}
