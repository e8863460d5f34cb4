// Pipelines with cancellation, pub/sub with embedded mutex, method values
// as goroutines, timers and AfterFunc, Once, RWMutex stats.
package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

type Stats struct {
	sync.RWMutex
	counts map[string]int
}

func (s *Stats) Inc(k string) {
	s.Lock()
	defer s.Unlock()
	s.counts[k]++
}

func (s *Stats) Snapshot() map[string]int {
	s.RLock()
	defer s.RUnlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

type Broker struct {
	mu   sync.Mutex
	subs map[string][]chan string
}

func (b *Broker) Subscribe(topic string) <-chan string {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan string, 8)
	b.subs[topic] = append(b.subs[topic], ch)
	return ch
}

func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs[topic] {
		ch <- msg
	}
	return len(b.subs[topic])
}

func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, chs := range b.subs {
		for _, ch := range chs {
			close(ch)
		}
	}
}

type Worker struct {
	ID    int
	stats *Stats
}

func (w Worker) Run(ctx context.Context, in <-chan string, out chan<- string, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case s, ok := <-in:
			if !ok {
				return
			}
			w.stats.Inc(fmt.Sprintf("w%d", w.ID))
			out <- strings.Repeat(s, 2)
		}
	}
}

func source(ctx context.Context, words ...string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range words {
			select {
			case out <- w:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stats := &Stats{counts: map[string]int{}}
	in := source(ctx, "a", "b", "c", "d", "e", "f")
	out := make(chan string)
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		w := Worker{ID: i, stats: stats}
		go w.Run(ctx, in, out, &wg)
	}
	go func() { wg.Wait(); close(out) }()
	var results []string
	for r := range out {
		results = append(results, r)
	}
	sort.Strings(results)
	total := 0
	for _, v := range stats.Snapshot() {
		total += v
	}
	fmt.Println(results, total)

	b := &Broker{subs: map[string][]chan string{}}
	news1, news2 := b.Subscribe("news"), b.Subscribe("news")
	sport := b.Subscribe("sport")
	fmt.Println(b.Publish("news", "hello"), b.Publish("sport", "goal"), b.Publish("weather", "rain"))
	b.Close()
	for _, ch := range []<-chan string{news1, news2, sport} {
		var got []string
		for m := range ch {
			got = append(got, m)
		}
		fmt.Print(got, " ")
	}
	fmt.Println()

	var once sync.Once
	var initCount int
	var owg sync.WaitGroup
	for range 5 {
		owg.Go(func() { once.Do(func() { initCount++ }) })
	}
	owg.Wait()
	fmt.Println("init count:", initCount)

	fired := make(chan string, 2)
	t := time.AfterFunc(time.Hour, func() { fired <- "never" })
	fmt.Println("stopped:", t.Stop())
	time.AfterFunc(time.Millisecond, func() { fired <- "soon" })
	fmt.Println(<-fired)
	timer := time.NewTimer(time.Hour)
	timer.Reset(2 * time.Millisecond)
	<-timer.C
	fmt.Println("timer fired")

	deadline := time.After(2 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	ticks := 0
loop:
	for {
		select {
		case <-tick.C:
			ticks++
			if ticks == 2 {
				break loop
			}
		case <-deadline:
			break loop
		}
	}
	fmt.Println("ticks:", ticks)
	fn := stats.Inc
	fn("extra")
	fmt.Println(stats.Snapshot()["extra"])
}
