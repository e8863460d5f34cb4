// Publish/subscribe: a broker fans every message out to its current
// subscribers; a subscriber can leave, and slow subscribers have buffers.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

type Message struct {
	Topic string
	Body  string
}

type Broker struct {
	mu   sync.RWMutex
	subs map[string]map[int]chan Message
	next int
}

func NewBroker() *Broker { return &Broker{subs: map[string]map[int]chan Message{}} }

func (b *Broker) Subscribe(topic string, buf int) (int, <-chan Message) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	if b.subs[topic] == nil {
		b.subs[topic] = map[int]chan Message{}
	}
	c := make(chan Message, buf)
	b.subs[topic][b.next] = c
	return b.next, c
}

func (b *Broker) Unsubscribe(topic string, id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c, ok := b.subs[topic][id]; ok {
		close(c)
		delete(b.subs[topic], id)
	}
}

func (b *Broker) Publish(m Message) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := 0
	for _, c := range b.subs[m.Topic] {
		c <- m
		n++
	}
	return n
}

func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for topic, subs := range b.subs {
		for id, c := range subs {
			close(c)
			delete(subs, id)
		}
		delete(b.subs, topic)
	}
}

func main() {
	b := NewBroker()
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string][]string{}
	listen := func(name string, c <-chan Message) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range c {
				mu.Lock()
				got[name] = append(got[name], m.Topic+":"+m.Body)
				mu.Unlock()
			}
		}()
	}
	_, a := b.Subscribe("orders", 10)
	idB, bc := b.Subscribe("orders", 10)
	_, c := b.Subscribe("alerts", 10)
	listen("A", a)
	listen("B", bc)
	listen("C", c)

	fmt.Println("delivered to", b.Publish(Message{"orders", "latte"}))
	fmt.Println("delivered to", b.Publish(Message{"alerts", "fire"}))
	b.Unsubscribe("orders", idB)
	b.Unsubscribe("orders", idB) // second time is a no-op
	fmt.Println("delivered to", b.Publish(Message{"orders", "mocha"}))
	fmt.Println("delivered to", b.Publish(Message{"news", "nobody listens"}))
	b.Close()
	wg.Wait()
	names := make([]string, 0, len(got))
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Printf("%s got %d: %s\n", n, len(got[n]), strings.Join(got[n], ", "))
	}
}
