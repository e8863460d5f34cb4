// Graceful shutdown: stop accepting work, let in-flight requests finish
// within a grace period, then cancel whatever is still running.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

var ErrClosed = errors.New("server closed")

type Server struct {
	mu       sync.Mutex
	closed   bool
	inflight sync.WaitGroup
	ctx      context.Context
	cancel   context.CancelFunc
	log      []string
}

func NewServer() *Server {
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{ctx: ctx, cancel: cancel}
}

func (s *Server) record(format string, args ...any) {
	s.mu.Lock()
	s.log = append(s.log, fmt.Sprintf(format, args...))
	s.mu.Unlock()
}

// Handle starts a request that needs `work` to finish, or is interrupted.
func (s *Server) Handle(id int, work <-chan struct{}) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return fmt.Errorf("request %d: %w", id, ErrClosed)
	}
	s.inflight.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.inflight.Done()
		select {
		case <-work:
			s.record("request %d completed", id)
		case <-s.ctx.Done():
			s.record("request %d aborted: %v", id, context.Cause(s.ctx))
		}
	}()
	return nil
}

func (s *Server) Shutdown(grace time.Duration) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(grace):
		s.cancel()
		<-done
		return fmt.Errorf("grace period of %v exceeded", grace)
	}
}

func main() {
	s := NewServer()
	quick := make(chan struct{})
	stuck := make(chan struct{}) // never closed
	for id := 1; id <= 3; id++ {
		w := quick
		if id == 2 {
			w = stuck
		}
		if err := s.Handle(id, w); err != nil {
			fmt.Println(err)
		}
	}
	close(quick)
	err := s.Shutdown(20 * time.Millisecond)
	fmt.Println("shutdown:", err)
	fmt.Println("late request:", s.Handle(4, quick), errors.Is(s.Handle(5, quick), ErrClosed))
	sort.Strings(s.log)
	for _, l := range s.log {
		fmt.Println(" ", l)
	}

	s2 := NewServer()
	w := make(chan struct{})
	s2.Handle(1, w)
	close(w)
	fmt.Println("clean shutdown:", s2.Shutdown(time.Second), s2.log)
}
