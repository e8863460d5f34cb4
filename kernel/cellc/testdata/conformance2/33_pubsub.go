// A tiny pub/sub broker: subscribers as channels in a map, unsubscribe, close.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type Message struct {
	Topic string
	Body  string
}

type Broker struct {
	mu     sync.RWMutex
	subs   map[string]map[int]chan Message
	nextID int
	closed bool
}

func NewBroker() *Broker { return &Broker{subs: map[string]map[int]chan Message{}} }

func (b *Broker) Subscribe(topic string) (int, <-chan Message) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	ch := make(chan Message, 8)
	if b.subs[topic] == nil {
		b.subs[topic] = map[int]chan Message{}
	}
	b.subs[topic][b.nextID] = ch
	return b.nextID, ch
}

func (b *Broker) Unsubscribe(topic string, id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if ch, ok := b.subs[topic][id]; ok {
		delete(b.subs[topic], id)
		close(ch)
	}
}

func (b *Broker) Publish(m Message) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := 0
	for _, ch := range b.subs[m.Topic] {
		ch <- m
		n++
	}
	return n
}

func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, subs := range b.subs {
		for id, ch := range subs {
			close(ch)
			delete(subs, id)
		}
	}
	b.closed = true
}

func main() {
	b := NewBroker()
	id1, news1 := b.Subscribe("news")
	_, news2 := b.Subscribe("news")
	_, sport := b.Subscribe("sport")
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string][]string{}
	listen := func(name string, ch <-chan Message) {
		defer wg.Done()
		for m := range ch {
			mu.Lock()
			got[name] = append(got[name], m.Topic+":"+m.Body)
			mu.Unlock()
		}
	}
	wg.Add(3)
	go listen("n1", news1)
	go listen("n2", news2)
	go listen("s", sport)
	fmt.Println(b.Publish(Message{"news", "hello"}))
	fmt.Println(b.Publish(Message{"sport", "goal"}))
	b.Unsubscribe("news", id1)
	fmt.Println(b.Publish(Message{"news", "second"}))
	fmt.Println(b.Publish(Message{"weather", "rain"}))
	b.Close()
	wg.Wait()
	names := make([]string, 0, len(got))
	for k := range got {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Println(n, got[n])
	}
	fmt.Println("closed:", b.closed)
}
