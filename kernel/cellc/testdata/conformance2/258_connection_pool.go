// A database connection pool: a buffered channel holds idle connections;
// Acquire waits for one (or gives up when its context ends), Release puts
// it back, and the pool never hands one connection to two users.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

type Conn struct {
	ID    int
	inUse atomic.Bool
	uses  int
}

type Pool struct {
	idle    chan *Conn
	waits   atomic.Int32
	misuse  atomic.Int32
	created int
}

var ErrPoolTimeout = errors.New("pool: timed out waiting for a connection")

func NewPool(n int) *Pool {
	p := &Pool{idle: make(chan *Conn, n)}
	for i := 1; i <= n; i++ {
		p.idle <- &Conn{ID: i}
		p.created++
	}
	return p
}

func (p *Pool) Acquire(ctx context.Context) (*Conn, error) {
	select {
	case c := <-p.idle:
		return p.take(c), nil
	default:
	}
	p.waits.Add(1)
	select {
	case c := <-p.idle:
		return p.take(c), nil
	case <-ctx.Done():
		return nil, fmt.Errorf("%w (%v)", ErrPoolTimeout, ctx.Err())
	}
}

func (p *Pool) take(c *Conn) *Conn {
	if !c.inUse.CompareAndSwap(false, true) {
		p.misuse.Add(1)
	}
	c.uses++
	return c
}

func (p *Pool) Release(c *Conn) {
	c.inUse.Store(false)
	p.idle <- c
}

func main() {
	pool := NewPool(3)
	var wg sync.WaitGroup
	var queries atomic.Int32
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := pool.Acquire(context.Background())
			if err != nil {
				fmt.Println(err)
				return
			}
			defer pool.Release(c)
			queries.Add(1)
			time.Sleep(200 * time.Microsecond)
		}()
	}
	wg.Wait()
	total := 0
	for range 3 {
		c := <-pool.idle
		total += c.uses
		pool.idle <- c
	}
	fmt.Println("queries:", queries.Load(), "uses:", total, "misuse:", pool.misuse.Load(), "created:", pool.created)

	// Hold every connection, then ask for one more with a deadline.
	held := make([]*Conn, 0, 3)
	for range 3 {
		c, _ := pool.Acquire(context.Background())
		held = append(held, c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Millisecond)
	defer cancel()
	_, err := pool.Acquire(ctx)
	fmt.Println(err)
	fmt.Println("is pool timeout:", errors.Is(err, ErrPoolTimeout))

	// A waiter gets the connection as soon as one is released.
	got := make(chan int)
	waitsBefore := pool.waits.Load()
	go func() {
		c, err := pool.Acquire(context.Background())
		if err != nil {
			got <- -1
			return
		}
		got <- c.ID
		pool.Release(c)
	}()
	for pool.waits.Load() == waitsBefore { // until the waiter is queued
		time.Sleep(100 * time.Microsecond)
	}
	pool.Release(held[1])
	fmt.Println("waiter got the released connection:", <-got == held[1].ID)
	pool.Release(held[0])
	pool.Release(held[2])
	fmt.Println("idle at the end:", len(pool.idle))
}
