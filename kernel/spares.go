package kernel

import (
	"context"
	"sync"
	"time"
)

// Spares keeps workers started and ready ahead of time, so that starting
// a kernel is a hand-over instead of a wait for a process, the binary's
// initialisation and the engine's start. All its kernels share one
// configuration. A Spares is safe for use by many goroutines.
type Spares struct {
	cfg  Config // with defaults, Late unset
	err  error  // why cfg is unusable, if it is
	want int

	mu      sync.Mutex
	ready   []*proc
	filling int
	closed  bool
	wg      sync.WaitGroup
}

// NewSpares keeps n workers for cfg ready (at least 1). Close it to stop
// them.
func NewSpares(cfg Config, n int) *Spares {
	s := &Spares{want: max(n, 1)}
	s.cfg, s.err = cfg.withDefaults()
	s.cfg.Late = nil
	s.mu.Lock()
	s.refillLocked()
	s.mu.Unlock()
	return s
}

// Start returns a kernel running on a ready worker, or on a fresh one
// when none is ready, with late output going to late.
func (s *Spares) Start(ctx context.Context, late func(Chunk)) (*Kernel, error) {
	cfg := s.cfg
	cfg.Late = late
	if s.err != nil {
		return Start(ctx, cfg) // reports the configuration's error
	}
	s.mu.Lock()
	var p *proc
	if n := len(s.ready); n > 0 {
		p = s.ready[n-1]
		s.ready = s.ready[:n-1]
	}
	s.refillLocked()
	s.mu.Unlock()
	if p == nil {
		return Start(ctx, cfg)
	}
	return adoptKernel(ctx, cfg, p)
}

// Wait waits until no spare is being started, or ctx ends.
func (s *Spares) Wait(ctx context.Context) error {
	for {
		s.mu.Lock()
		done := s.closed || s.err != nil || s.filling == 0
		s.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}

// Close stops the spare workers and waits for them. Kernels already
// handed out are not affected.
func (s *Spares) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	ready := s.ready
	s.ready = nil
	s.mu.Unlock()
	s.wg.Wait()
	var wg sync.WaitGroup
	for _, p := range ready {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.shutdown(s.cfg.InterruptGrace)
		}()
	}
	wg.Wait()
	return nil
}

// refillLocked starts workers in the background until enough are ready
// or starting.
func (s *Spares) refillLocked() {
	for !s.closed && s.err == nil && len(s.ready)+s.filling < s.want {
		s.filling++
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			p, err := spawnWith(context.Background(), s.cfg, nil)
			s.mu.Lock()
			s.filling--
			closed := s.closed
			if err == nil && !closed {
				s.ready = append(s.ready, p)
			}
			s.mu.Unlock()
			// On error Start starts kernels itself, and refills again.
			if err == nil && closed {
				p.shutdown(s.cfg.InterruptGrace)
			}
		}()
	}
}
