// time.AfterFunc, Timer.Reset/Stop, and a heartbeat with a timeout per beat.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

type Watchdog struct {
	mu      sync.Mutex
	timer   *time.Timer
	timeout time.Duration
	fired   atomic.Int32
}

func NewWatchdog(d time.Duration) *Watchdog {
	w := &Watchdog{timeout: d}
	w.timer = time.AfterFunc(d, func() { w.fired.Add(1) })
	return w
}

func (w *Watchdog) Kick() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.timer.Reset(w.timeout)
}

func (w *Watchdog) Stop() bool { return w.timer.Stop() }

func main() {
	w := NewWatchdog(30 * time.Millisecond)
	for range 5 {
		time.Sleep(2 * time.Millisecond)
		w.Kick()
	}
	fmt.Println("fired while kicked:", w.fired.Load())
	time.Sleep(60 * time.Millisecond)
	fmt.Println("fired after silence:", w.fired.Load())
	fmt.Println("stop after fire:", w.Stop())

	beats := make(chan int)
	go func() {
		for i := 1; i <= 3; i++ {
			time.Sleep(time.Millisecond)
			beats <- i
		}
	}()
	received := 0
	timeout := 50 * time.Millisecond
	t := time.NewTimer(timeout)
	defer t.Stop()
loop:
	for {
		select {
		case b := <-beats:
			received = b
			if !t.Stop() {
				<-t.C
			}
			t.Reset(timeout)
		case <-t.C:
			break loop
		}
	}
	fmt.Println("last beat:", received)
	d := 90 * time.Second
	fmt.Println(d, d.Minutes(), time.Duration(1500)*time.Microsecond, (2 * time.Hour).String())
}
