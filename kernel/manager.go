package kernel

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// ErrNotFound is returned for a kernel id the Manager does not know.
var ErrNotFound = errors.New("no such kernel")

// Manager defaults.
const (
	DefaultMaxKernels  = 20
	DefaultIdleTimeout = time.Hour
)

// ManagerConfig configures a Manager.
type ManagerConfig struct {
	// Kernel is the configuration of every kernel. Its Late field is
	// replaced: late output goes to Late below, with the kernel's id.
	Kernel Config
	// MaxKernels is how many kernels may be alive at once (default 20);
	// Start refuses more with ErrLimit.
	MaxKernels int
	// IdleTimeout shuts down a kernel that has run no cell for this long
	// (default 1 h; negative: never).
	IdleTimeout time.Duration
	// Late receives late output of every kernel, with its id.
	Late func(id string, c Chunk)
	// Spares is how many workers are kept started and ready ahead of
	// time (see type Spares), so that Start hands one over at once
	// instead of waiting for a process and its interpreter to come up
	// (default 1; negative: none).
	Spares int
}

// Manager holds the live kernels of a server, by id.
type Manager struct {
	cfg ManagerConfig

	mu       sync.Mutex
	kernels  map[string]*Kernel
	starting int // slots reserved by Starts in progress
	closed   bool
	spares   *Spares // nil when ManagerConfig.Spares is negative

	stop chan struct{}
	wg   sync.WaitGroup
}

// Info describes a live kernel.
type Info struct {
	ID       string    `json:"id"`
	State    State     `json:"state"`
	LastUsed time.Time `json:"last_used"`
}

// NewManager returns a Manager. Close it to stop its kernels.
func NewManager(cfg ManagerConfig) *Manager {
	if cfg.MaxKernels == 0 {
		cfg.MaxKernels = DefaultMaxKernels
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	m := &Manager{cfg: cfg, kernels: map[string]*Kernel{}, stop: make(chan struct{})}
	if cfg.Spares >= 0 {
		m.spares = NewSpares(cfg.Kernel, cfg.Spares)
	}
	if cfg.IdleTimeout > 0 {
		m.wg.Add(1)
		go m.reap()
	}
	return m
}

// WaitSpares waits until the spare workers are started and ready, or
// until starting one failed.
func (m *Manager) WaitSpares(ctx context.Context) error {
	if m.spares == nil {
		return nil
	}
	return m.spares.Wait(ctx)
}

// Start starts a kernel and returns its id. Beyond MaxKernels live
// kernels it fails with ErrLimit.
func (m *Manager) Start(ctx context.Context) (string, *Kernel, error) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return "", nil, ErrDead
	}
	if m.cfg.MaxKernels > 0 && len(m.kernels)+m.starting >= m.cfg.MaxKernels {
		m.mu.Unlock()
		return "", nil, fmt.Errorf("%w: %d kernels are running, the most allowed (--max-kernels)", ErrLimit, m.cfg.MaxKernels)
	}
	m.starting++
	m.mu.Unlock()

	id, err := newID()
	var k *Kernel
	if err == nil {
		var late func(Chunk)
		if l := m.cfg.Late; l != nil {
			late = func(c Chunk) { l(id, c) }
		}
		if m.spares != nil {
			k, err = m.spares.Start(ctx, late)
		} else {
			cfg := m.cfg.Kernel
			cfg.Late = late
			k, err = Start(ctx, cfg)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.starting--
	if err != nil {
		return "", nil, err
	}
	if m.closed {
		go k.Close()
		return "", nil, ErrDead
	}
	m.kernels[id] = k
	return id, k, nil
}

// Get returns the kernel with id.
func (m *Manager) Get(id string) (*Kernel, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.kernels[id]
	if !ok {
		return nil, fmt.Errorf("kernel %q: %w", id, ErrNotFound)
	}
	return k, nil
}

// List describes the live kernels, oldest id first.
func (m *Manager) List() []Info {
	m.mu.Lock()
	ks := make(map[string]*Kernel, len(m.kernels))
	for id, k := range m.kernels {
		ks[id] = k
	}
	m.mu.Unlock()
	infos := make([]Info, 0, len(ks))
	for id, k := range ks {
		infos = append(infos, Info{ID: id, State: k.State(), LastUsed: k.LastUsed()})
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].ID < infos[j].ID })
	return infos
}

// Shutdown stops the kernel with id and forgets it.
func (m *Manager) Shutdown(id string) error {
	m.mu.Lock()
	k, ok := m.kernels[id]
	delete(m.kernels, id)
	m.mu.Unlock()
	if !ok {
		return fmt.Errorf("shut down kernel %q: %w", id, ErrNotFound)
	}
	return k.Close()
}

// Close stops every kernel and the idle reaper, and waits for them.
func (m *Manager) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	ks := m.kernels
	m.kernels = map[string]*Kernel{}
	m.mu.Unlock()
	close(m.stop)
	m.wg.Wait()
	if m.spares != nil {
		m.spares.Close()
	}
	var wg sync.WaitGroup
	for _, k := range ks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k.Close()
		}()
	}
	wg.Wait()
	return nil
}

// reap shuts down kernels idle for longer than IdleTimeout.
func (m *Manager) reap() {
	defer m.wg.Done()
	every := min(max(m.cfg.IdleTimeout/4, 10*time.Millisecond), time.Minute)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
		}
		var idle []string
		m.mu.Lock()
		for id, k := range m.kernels {
			if s := k.State(); s != StateBusy && s != StateRestarting && time.Since(k.LastUsed()) > m.cfg.IdleTimeout {
				idle = append(idle, id)
			}
		}
		m.mu.Unlock()
		for _, id := range idle {
			_ = m.Shutdown(id)
		}
	}
}

func newID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("make kernel id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
