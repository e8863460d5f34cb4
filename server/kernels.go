package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"gonote/kernel"
)

// Kernel states, as GET /api/kernels/{id} and the events stream report them.
const (
	stateIdle       = "idle"
	stateBusy       = "busy"
	stateRestarting = "restarting"
	stateDead       = "dead"
)

// session is one kernel the server started, with what the API shows of it.
type session struct {
	id       string
	notebook string // the notebook the page that started it has open, if it said
	k        Kernel
	started  time.Time

	mu       sync.Mutex
	state    string
	inflight int // executes sent and not yet answered; the kernel queues them
	count    int // execution count of the last cell
	lastUsed time.Time
	watchers map[chan event]struct{}
	closed   bool
}

// event is one server-sent event: a JSON object with a "type".
type event = any

// stateEvent tells an events stream the kernel's state changed.
type stateEvent struct {
	Type  string `json:"type"` // "state"
	State string `json:"state"`
}

// streamEvent is one chunk of output.
type streamEvent struct {
	Type string `json:"type"` // "stream"
	kernel.Chunk
}

// errorEvent says why a cell failed.
type errorEvent struct {
	Type string `json:"type"` // "error"
	*kernel.CellError
}

// doneEvent ends a cell's stream. Result.Error is left out: the error event
// before it carried it.
type doneEvent struct {
	Type string `json:"type"` // "done"
	kernel.Result
}

func newStreamEvent(ch kernel.Chunk) streamEvent { return streamEvent{Type: "stream", Chunk: ch} }

func newDoneEvent(r kernel.Result) doneEvent {
	r.Error = nil
	return doneEvent{Type: "done", Result: r}
}

// kernelInfo is the JSON shape of a kernel in the API.
type kernelInfo struct {
	ID             string    `json:"id"`
	Notebook       string    `json:"notebook,omitempty"`
	State          string    `json:"state"`
	Started        time.Time `json:"started"`
	LastUsed       time.Time `json:"last_used"`
	ExecutionCount int       `json:"execution_count"`
}

func (ss *session) info() kernelInfo {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return kernelInfo{ID: ss.id, Notebook: ss.notebook, State: ss.state, Started: ss.started.UTC(), LastUsed: ss.lastUsed.UTC(), ExecutionCount: ss.count}
}

// setState records the state and tells the watchers.
func (ss *session) setState(state string) {
	ss.mu.Lock()
	changed := ss.state != state
	ss.state = state
	ss.lastUsed = time.Now()
	ss.mu.Unlock()
	if changed {
		ss.broadcast(stateEvent{Type: "state", State: state})
	}
}

// broadcast sends ev to every events stream of the kernel. A watcher too
// slow to keep up loses the event rather than stalling the kernel; its
// buffer is large enough that a page reading normally never does.
func (ss *session) broadcast(ev event) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for w := range ss.watchers {
		select {
		case w <- ev:
		default:
		}
	}
}

// watch registers an events stream; the returned func unregisters it.
func (ss *session) watch() (chan event, func(), bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.closed {
		return nil, nil, false
	}
	w := make(chan event, 256)
	ss.watchers[w] = struct{}{}
	return w, func() {
		ss.mu.Lock()
		defer ss.mu.Unlock()
		if _, ok := ss.watchers[w]; ok {
			delete(ss.watchers, w)
			close(w)
		}
		ss.lastUsed = time.Now()
	}, true
}

// shut closes the kernel and ends its events streams.
func (ss *session) shut() error {
	ss.mu.Lock()
	ss.closed = true
	ss.state = stateDead
	for w := range ss.watchers {
		select {
		case w <- stateEvent{Type: "state", State: stateDead}:
		default:
		}
		close(w)
	}
	ss.watchers = nil
	ss.mu.Unlock()
	if err := ss.k.Close(); err != nil {
		return fmt.Errorf("close kernel %s: %w", ss.id, err)
	}
	return nil
}

// idleSince reports whether the kernel ran nothing and had no events
// stream since before t.
func (ss *session) idleSince(t time.Time) bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.state != stateBusy && ss.state != stateRestarting && len(ss.watchers) == 0 && ss.lastUsed.Before(t)
}

// kernelTable holds the live kernels by id.
type kernelTable struct {
	start StartFunc
	max   int

	mu       sync.Mutex
	sessions map[string]*session
	pending  int  // starts under way, counted against max
	closed   bool // set by closeAll: no more kernels
}

// newKernelTable returns an empty table that starts kernels with start and
// holds at most max.
func newKernelTable(start StartFunc, max int) *kernelTable {
	return &kernelTable{start: start, max: max, sessions: map[string]*session{}}
}

// add starts a kernel and enters it in the table.
func (t *kernelTable) add(ctx context.Context, notebook string) (*session, error) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil, fmt.Errorf("start kernel: %w: the server is shutting down", kernel.ErrDead)
	}
	if len(t.sessions)+t.pending >= t.max {
		t.mu.Unlock()
		return nil, fmt.Errorf("start kernel: %w (%d running)", kernel.ErrLimit, t.max)
	}
	t.pending++
	t.mu.Unlock()

	now := time.Now()
	ss := &session{
		id:       NewToken()[:16],
		notebook: notebook,
		started:  now,
		lastUsed: now,
		state:    stateIdle,
		watchers: map[chan event]struct{}{},
	}
	k, err := t.start(ctx, func(ch kernel.Chunk) {
		ch.Late = true
		ss.broadcast(newStreamEvent(ch))
	})
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending--
	if err != nil {
		return nil, fmt.Errorf("start kernel: %w", err)
	}
	ss.k = k
	if t.closed {
		// The server closed while this kernel started: it must not
		// outlive the server.
		t.mu.Unlock()
		err := ss.shut()
		t.mu.Lock()
		return nil, errors.Join(fmt.Errorf("start kernel: %w: the server is shutting down", kernel.ErrDead), err)
	}
	t.sessions[ss.id] = ss
	return ss, nil
}

func (t *kernelTable) get(id string) (*session, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ss, ok := t.sessions[id]
	if !ok {
		return nil, fmt.Errorf("kernel %q: %w", id, errKernelNotFound)
	}
	return ss, nil
}

// remove takes a kernel out of the table and shuts it down.
func (t *kernelTable) remove(id string) error {
	t.mu.Lock()
	ss, ok := t.sessions[id]
	delete(t.sessions, id)
	t.mu.Unlock()
	if !ok {
		return fmt.Errorf("kernel %q: %w", id, errKernelNotFound)
	}
	return ss.shut()
}

func (t *kernelTable) list() []*session {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]*session, 0, len(t.sessions))
	for _, ss := range t.sessions {
		out = append(out, ss)
	}
	slices.SortFunc(out, func(a, b *session) int { return a.started.Compare(b.started) })
	return out
}

func (t *kernelTable) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.sessions)
}

// closeAll shuts every kernel down, in parallel, and waits for all.
func (t *kernelTable) closeAll() error {
	t.mu.Lock()
	all := t.sessions
	t.sessions = map[string]*session{}
	t.closed = true
	t.mu.Unlock()
	var wg sync.WaitGroup
	errs := make(chan error, len(all))
	for _, ss := range all {
		wg.Go(func() { errs <- ss.shut() })
	}
	wg.Wait()
	close(errs)
	var all2 []error
	for err := range errs {
		all2 = append(all2, err)
	}
	return errors.Join(all2...)
}

// reapIdle shuts down kernels idle for longer than the idle timeout.
func (s *Server) reapIdle() {
	defer s.wg.Done()
	every := s.cfg.reapEvery
	if every <= 0 {
		every = min(s.limits.IdleTimeout/4, time.Minute)
	}
	clock := s.cfg.reapClock
	if clock == nil {
		clock = time.Now
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
			now := clock()
			for _, ss := range s.kernels.list() {
				if ss.idleSince(now.Add(-s.limits.IdleTimeout)) {
					if err := s.kernels.remove(ss.id); err != nil && !errors.Is(err, errKernelNotFound) {
						s.log.Warn("reap idle kernel", "id", ss.id, "err", err)
					}
				}
			}
		}
	}
}

// rateLimiter allows n events per window per key, as a token bucket that
// refills continuously.
type rateLimiter struct {
	n      float64
	window time.Duration

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newRateLimiter(n int, window time.Duration) *rateLimiter {
	return &rateLimiter{n: float64(n), window: window, buckets: map[string]*bucket{}}
}

// allow takes one token from key's bucket and reports whether there was
// one.
func (r *rateLimiter) allow(key string, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buckets) > 10_000 {
		// Forget full buckets, so the map stays small.
		for k, b := range r.buckets {
			if r.refill(b, now) >= r.n {
				delete(r.buckets, k)
			}
		}
	}
	b, ok := r.buckets[key]
	if !ok {
		b = &bucket{tokens: r.n, at: now}
		r.buckets[key] = b
	}
	b.tokens = r.refill(b, now)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (r *rateLimiter) refill(b *bucket, now time.Time) float64 {
	return min(r.n, b.tokens+r.n*float64(now.Sub(b.at))/float64(r.window))
}

// startRequest is the optional body of POST /api/kernels.
type startRequest struct {
	// Notebook names the notebook the kernel is for, shown in the kernel
	// list.
	Notebook string `json:"notebook"`
}

// handleStartKernel starts a kernel, within the per-client rate and the
// limit of live kernels.
func (s *Server) handleStartKernel(c *gin.Context) {
	if !s.starts.allow(c.ClientIP(), time.Now()) {
		abort(c, errf(http.StatusTooManyRequests, "too many kernel starts: the limit is %d a minute per client", s.limits.KernelStarts))
		return
	}
	var req startRequest
	if c.Request.ContentLength != 0 {
		if err := s.bindJSON(c, &req); err != nil {
			abort(c, err)
			return
		}
		if len(req.Notebook) > s.limits.NameBytes {
			abort(c, errf(http.StatusRequestEntityTooLarge, "notebook path is %d bytes, the limit is %d", len(req.Notebook), s.limits.NameBytes))
			return
		}
	}
	ss, err := s.kernels.add(c.Request.Context(), req.Notebook)
	if err != nil {
		abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, ss.info())
}

// handleListKernels lists the live kernels, oldest first.
func (s *Server) handleListKernels(c *gin.Context) {
	all := s.kernels.list()
	out := make([]kernelInfo, 0, len(all))
	for _, ss := range all {
		out = append(out, ss.info())
	}
	c.JSON(http.StatusOK, gin.H{"kernels": out})
}

// handleGetKernel answers one kernel's state.
func (s *Server) handleGetKernel(c *gin.Context) {
	ss, err := s.kernels.get(c.Param("id"))
	if err != nil {
		abort(c, err)
		return
	}
	c.JSON(http.StatusOK, ss.info())
}

// handleDeleteKernel shuts a kernel down and ends its event streams.
func (s *Server) handleDeleteKernel(c *gin.Context) {
	if err := s.kernels.remove(c.Param("id")); err != nil {
		abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// handleInterrupt stops the kernel's running cell.
func (s *Server) handleInterrupt(c *gin.Context) {
	ss, err := s.kernels.get(c.Param("id"))
	if err != nil {
		abort(c, err)
		return
	}
	if err := ss.k.Interrupt(c.Request.Context()); err != nil {
		abort(c, fmt.Errorf("interrupt kernel %s: %w", ss.id, err))
		return
	}
	c.JSON(http.StatusOK, ss.info())
}

// handleRestart restarts the kernel: a running cell ends as interrupted,
// every variable is lost.
func (s *Server) handleRestart(c *gin.Context) {
	ss, err := s.kernels.get(c.Param("id"))
	if err != nil {
		abort(c, err)
		return
	}
	ss.setState(stateRestarting)
	if err := ss.k.Restart(c.Request.Context()); err != nil {
		ss.setState(stateDead)
		abort(c, fmt.Errorf("restart kernel %s: %w", ss.id, err))
		return
	}
	ss.mu.Lock()
	ss.count = 0
	state := stateIdle
	if ss.inflight > 0 {
		state = stateBusy
	}
	ss.mu.Unlock()
	ss.setState(state)
	c.JSON(http.StatusOK, ss.info())
}

// executeRequest is the body of POST /api/kernels/{id}/execute.
type executeRequest struct {
	Code string `json:"code"`
}

// executeResponse is the JSON answer of execute: the cell's result with
// its outputs in order.
type executeResponse struct {
	kernel.Result
	Outputs []streamEvent `json:"outputs"`
}

// handleExecute runs a cell. It answers text/event-stream, one event per
// chunk of output the moment it is written and a done event at the end, or,
// with Accept: application/json, one JSON object when the cell ends. A
// client that goes away interrupts its cell.
func (s *Server) handleExecute(c *gin.Context) {
	ss, err := s.kernels.get(c.Param("id"))
	if err != nil {
		abort(c, err)
		return
	}
	var req executeRequest
	if err := s.bindJSON(c, &req); err != nil {
		abort(c, err)
		return
	}
	if err := s.checkCellSize(req.Code); err != nil {
		abort(c, err)
		return
	}
	ctx := c.Request.Context()
	wantJSON := c.NegotiateFormat("text/event-stream", gin.MIMEJSON) == gin.MIMEJSON
	ss.cellSent()

	if wantJSON {
		resp := executeResponse{Outputs: []streamEvent{}}
		res, err := ss.k.Execute(ctx, req.Code, func(ch kernel.Chunk) {
			resp.Outputs = append(resp.Outputs, newStreamEvent(ch))
		})
		s.cellEnded(ss, res, err)
		if err != nil {
			abort(c, fmt.Errorf("execute on kernel %s: %w", ss.id, err))
			return
		}
		resp.Result = res
		c.JSON(http.StatusOK, resp)
		return
	}

	sse := startSSE(c)
	res, err := ss.k.Execute(ctx, req.Code, func(ch kernel.Chunk) {
		sse.send(newStreamEvent(ch))
	})
	s.cellEnded(ss, res, err)
	if err != nil {
		res = kernel.Result{Status: kernel.StatusDied, Error: &kernel.CellError{
			Name: "kernel error", Message: err.Error(), Traceback: []string{},
		}}
	}
	if res.Error != nil {
		sse.send(errorEvent{Type: "error", CellError: res.Error})
	}
	sse.send(newDoneEvent(res))
}

// cellSent marks the kernel busy while cells are sent to it.
func (ss *session) cellSent() {
	ss.mu.Lock()
	ss.inflight++
	ss.mu.Unlock()
	ss.setState(stateBusy)
}

// cellEnded records how a cell ended in the kernel's state.
func (s *Server) cellEnded(ss *session, res kernel.Result, err error) {
	ss.mu.Lock()
	ss.inflight--
	if err == nil && res.ExecutionCount > 0 {
		ss.count = res.ExecutionCount
	}
	state := stateIdle
	switch {
	case errors.Is(err, kernel.ErrDead):
		state = stateDead
	case ss.inflight > 0:
		state = stateBusy
	case ss.state == stateRestarting:
		state = stateRestarting
	}
	ss.mu.Unlock()
	ss.setState(state)
}

// handleEvents streams a kernel's late output and state changes as
// server-sent events until the client leaves or the kernel is shut down
// (which Close does to every kernel), ending with the state dead. The first
// event is the current state.
func (s *Server) handleEvents(c *gin.Context) {
	ss, err := s.kernels.get(c.Param("id"))
	if err != nil {
		abort(c, err)
		return
	}
	w, unwatch, ok := ss.watch()
	if !ok {
		abort(c, fmt.Errorf("kernel %s: %w", ss.id, kernel.ErrDead))
		return
	}
	defer unwatch()
	sse := startSSE(c)
	sse.send(stateEvent{Type: "state", State: ss.info().State})
	ctx := c.Request.Context()
	keepAlive := time.NewTicker(25 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-keepAlive.C:
			sse.comment()
		case ev, ok := <-w:
			if !ok {
				return
			}
			sse.send(ev)
		}
	}
}
