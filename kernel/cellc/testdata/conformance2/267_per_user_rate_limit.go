// Per-user rate limiting: each user gets a token bucket (capacity 3,
// refilled one token every 100ms) on a shared fake clock; requests from
// many goroutines are judged under one lock, then summarized in a table.
package main

import (
	"fmt"
	"os"
	"sort"
	"sync"
	"text/tabwriter"
	"time"
)

type bucket struct {
	tokens float64
	last   time.Time
}

type Limiter struct {
	mu       sync.Mutex
	capacity float64
	every    time.Duration
	buckets  map[string]*bucket
	allowed  map[string]int
	denied   map[string]int
}

func NewLimiter(capacity int, every time.Duration) *Limiter {
	return &Limiter{capacity: float64(capacity), every: every,
		buckets: map[string]*bucket{}, allowed: map[string]int{}, denied: map[string]int{}}
}

func (l *Limiter) Allow(user string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[user]
	if !ok {
		b = &bucket{tokens: l.capacity, last: now}
		l.buckets[user] = b
	}
	b.tokens = min(l.capacity, b.tokens+float64(now.Sub(b.last))/float64(l.every))
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		l.allowed[user]++
		return true
	}
	l.denied[user]++
	return false
}

func main() {
	start := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	lim := NewLimiter(3, 100*time.Millisecond)
	// Each user's requests happen at fixed offsets; users run concurrently,
	// but each user's own requests are in order.
	plans := map[string][]int{
		"ana":  {0, 1, 2, 3, 4, 5},
		"ben":  {0, 150, 300, 450},
		"cleo": {0, 10, 20, 30, 250, 260, 270, 280},
		"dan":  {500},
	}
	var wg sync.WaitGroup
	decisions := map[string][]string{}
	var mu sync.Mutex
	for user, offsets := range plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var marks []string
			for _, ms := range offsets {
				ok := lim.Allow(user, start.Add(time.Duration(ms)*time.Millisecond))
				m := "x"
				if ok {
					m = "+"
				}
				marks = append(marks, fmt.Sprintf("%s@%d", m, ms))
			}
			mu.Lock()
			decisions[user] = marks
			mu.Unlock()
		}()
	}
	wg.Wait()
	users := make([]string, 0, len(plans))
	for u := range plans {
		users = append(users, u)
	}
	sort.Strings(users)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "user\tallowed\tdenied\tdecisions")
	for _, u := range users {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%v\n", u, lim.allowed[u], lim.denied[u], decisions[u])
	}
	tw.Flush()
}
