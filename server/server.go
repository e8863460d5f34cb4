package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"gonote/kernel"
	"gonote/notebooks"
)

// Kernel is a running kernel as the server drives it. The kernel package's
// process supervisor implements it; tests may use the in-process engine.
type Kernel interface {
	// Execute runs code as the next cell, calling out for each chunk of
	// output as it is written. A failing cell is a Result, not an error.
	Execute(ctx context.Context, code string, out func(kernel.Chunk)) (kernel.Result, error)
	// Interrupt stops the running cell, if any.
	Interrupt(ctx context.Context) error
	// Restart replaces the interpreter with a fresh one; state is lost.
	Restart(ctx context.Context) error
	// Close stops the kernel and waits for everything it started.
	Close() error
}

// StartFunc starts a kernel. late receives output that a cell's goroutines
// write after the cell ended; it is called from one goroutine at a time.
type StartFunc func(ctx context.Context, late func(kernel.Chunk)) (Kernel, error)

// Limits bound what one request or one client may ask of the server. Zero
// fields take the defaults of DefaultLimits.
type Limits struct {
	// BodyBytes caps a request body.
	BodyBytes int64
	// CellBytes caps the source of one cell sent to execute, format or
	// markdown.
	CellBytes int
	// NameBytes caps the length of a notebook path.
	NameBytes int
	// Kernels caps the number of live kernels.
	Kernels int
	// KernelStarts is how many kernels one client (IP address) may start
	// per minute.
	KernelStarts int
	// IdleTimeout shuts down a kernel that ran nothing and had no page
	// listening to it for this long.
	IdleTimeout time.Duration
}

// DefaultLimits are the limits used for zero fields of Limits.
var DefaultLimits = Limits{
	BodyBytes:    16 << 20,
	CellBytes:    1 << 20,
	NameBytes:    255,
	Kernels:      64,
	KernelStarts: 60,
	IdleTimeout:  time.Hour,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.BodyBytes > 0 {
		d.BodyBytes = l.BodyBytes
	}
	if l.CellBytes > 0 {
		d.CellBytes = l.CellBytes
	}
	if l.NameBytes > 0 {
		d.NameBytes = l.NameBytes
	}
	if l.Kernels > 0 {
		d.Kernels = l.Kernels
	}
	if l.KernelStarts > 0 {
		d.KernelStarts = l.KernelStarts
	}
	if l.IdleTimeout > 0 {
		d.IdleTimeout = l.IdleTimeout
	}
	return d
}

// Config is what New needs.
type Config struct {
	// Addr is the address the server listens on; its host, when an IP
	// address, is an allowed Host header.
	Addr string
	// Token is the secret that opens the server. Empty: a random one is
	// made, unless PasswordHash is set or NoAuth.
	Token string
	// PasswordHash, from HashPassword, lets a person log in with a
	// password on the login page instead of the token.
	PasswordHash string
	// NoAuth turns authentication off; New refuses it unless Addr is a
	// loopback address.
	NoAuth bool
	// AllowHosts are host names allowed in the Host header besides
	// localhost, 127.0.0.1 and ::1.
	AllowHosts []string
	// Store holds the notebooks and lessons.
	Store *notebooks.Store
	// NotebookLimits bound notebooks sent to the server; give the Store
	// the same.
	NotebookLimits notebooks.Limits
	// Start starts kernels.
	Start StartFunc
	// Assets is the built front end: index.html and the files it loads,
	// served under /assets/.
	Assets fs.FS
	// Limits bound requests; zero fields take defaults.
	Limits Limits
	// Logger receives one line per failed request; nil discards.
	Logger *slog.Logger
	// Version is reported by /api/status.
	Version string

	// reapClock and reapEvery let tests drive the idle reaper: the time it
	// judges idleness by (default time.Now) and how often it looks
	// (default a quarter of the idle timeout, at most a minute).
	reapClock func() time.Time
	reapEvery time.Duration
}

// ErrNoAuthExposed is returned by New when NoAuth is asked for on an address
// other people could reach.
var ErrNoAuthExposed = errors.New("--no-auth is only allowed on a loopback address (127.0.0.1, ::1, localhost)")

// Server is gonote's HTTP server: an http.Handler plus the kernels it runs.
type Server struct {
	cfg        Config
	limits     Limits
	auth       auth
	allowHosts map[string]struct{}
	engine     *gin.Engine
	markdown   *renderer
	assets     *assets
	log        *slog.Logger
	started    time.Time

	kernels *kernelTable
	starts  *rateLimiter

	// stop ends the idle reaper; wg waits for it.
	stop   chan struct{}
	wg     sync.WaitGroup
	closed sync.Once
}

// New builds a server from cfg. Close releases its kernels.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Start == nil {
		return nil, errors.New("server: Config needs a Store and a Start function")
	}
	if cfg.NoAuth && !isLoopback(cfg.Addr) {
		return nil, ErrNoAuthExposed
	}
	if cfg.PasswordHash != "" {
		if err := checkPasswordHash(cfg.PasswordHash); err != nil {
			return nil, err
		}
	}
	if !cfg.NoAuth && cfg.Token == "" && cfg.PasswordHash == "" {
		cfg.Token = NewToken()
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a, err := newAssets(cfg.Assets)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:    cfg,
		limits: cfg.Limits.withDefaults(),
		auth: auth{
			off:          cfg.NoAuth,
			token:        cfg.Token,
			passwordHash: cfg.PasswordHash,
			session:      NewToken(),
		},
		allowHosts: map[string]struct{}{"localhost": {}, "127.0.0.1": {}, "::1": {}},
		markdown:   newRenderer(),
		assets:     a,
		log:        log,
		started:    time.Now(),
		stop:       make(chan struct{}),
	}
	for _, h := range cfg.AllowHosts {
		s.allowHosts[hostname(h)] = struct{}{}
	}
	if h := hostname(cfg.Addr); net.ParseIP(h) != nil && !net.ParseIP(h).IsUnspecified() {
		s.allowHosts[h] = struct{}{}
	}
	s.kernels = newKernelTable(cfg.Start, s.limits.Kernels)
	s.starts = newRateLimiter(s.limits.KernelStarts, time.Minute)
	s.engine = s.routes()
	s.wg.Add(1)
	go s.reapIdle()
	return s, nil
}

// Token returns the token that opens the server ("" with NoAuth or a
// password only).
func (s *Server) Token() string { return s.auth.token }

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.engine.ServeHTTP(w, r)
}

// Routes lists the routes the server answers, for tests and documentation.
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

// Close shuts every kernel down and waits for the server's goroutines.
func (s *Server) Close() error {
	var err error
	s.closed.Do(func() {
		close(s.stop)
		s.wg.Wait()
		err = s.kernels.closeAll()
	})
	return err
}

// routes builds the router. Every route is behind the gate; public ones
// skip only the token check.
func (s *Server) routes() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	_ = e.SetTrustedProxies(nil)
	e.Use(s.logRequests, gin.CustomRecoveryWithWriter(io.Discard, s.recovered), securityHeaders, s.hostGuard, s.originGuard)
	e.NoRoute(s.authGuard, func(c *gin.Context) {
		abort(c, errf(http.StatusNotFound, "no route for %s %s", c.Request.Method, c.Request.URL.Path))
	})
	e.NoMethod(s.authGuard, func(c *gin.Context) {
		abort(c, errf(http.StatusMethodNotAllowed, "method %s not allowed on %s", c.Request.Method, c.Request.URL.Path))
	})

	// Public: the login page and static assets.
	e.GET("/login", s.handleLoginPage)
	e.POST("/login", s.handleLogin)
	e.GET("/assets/*file", s.handleAsset)
	e.HEAD("/assets/*file", s.handleAsset)

	priv := e.Group("/", s.authGuard)
	priv.GET("/", s.handleIndex)
	priv.GET("/nb/*path", s.handleIndex)
	priv.POST("/logout", s.handleLogout)

	api := priv.Group("/api", noStore, s.limitBody)
	api.GET("/status", s.handleStatus)
	api.GET("/notebooks", s.handleListNotebooks)
	api.POST("/notebooks", s.handleCreateNotebook)
	api.GET("/notebooks/*path", s.handleGetNotebook)
	api.PUT("/notebooks/*path", s.handleSaveNotebook)
	api.PATCH("/notebooks/*path", s.handleRenameNotebook)
	api.DELETE("/notebooks/*path", s.handleDeleteNotebook)
	api.POST("/kernels", s.handleStartKernel)
	api.GET("/kernels", s.handleListKernels)
	api.GET("/kernels/:id", s.handleGetKernel)
	api.DELETE("/kernels/:id", s.handleDeleteKernel)
	api.POST("/kernels/:id/interrupt", s.handleInterrupt)
	api.POST("/kernels/:id/restart", s.handleRestart)
	api.POST("/kernels/:id/execute", s.handleExecute)
	api.GET("/kernels/:id/events", s.handleEvents)
	api.POST("/format", s.handleFormat)
	api.POST("/markdown", s.handleMarkdown)
	return e
}

// noStore keeps API answers out of caches.
func noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Next()
}

// limitBody caps the request body; reading past the cap fails with an
// *http.MaxBytesError, which statusOf maps to 413.
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.ContentLength > s.limits.BodyBytes {
		abort(c, errf(http.StatusRequestEntityTooLarge, "request body is %d bytes, the limit is %d", c.Request.ContentLength, s.limits.BodyBytes))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.limits.BodyBytes)
	c.Next()
}

// logRequests logs, once, each request that ended in a server error.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	if len(c.Errors) > 0 || c.Writer.Status() >= 500 {
		s.log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path,
			"status", c.Writer.Status(), "took", time.Since(start), "err", c.Errors.String())
	}
}

// recovered answers a request whose handler panicked with a 500.
func (s *Server) recovered(c *gin.Context, v any) {
	abort(c, fmt.Errorf("internal error: %v", v))
}

// bindJSON decodes a JSON body into v, refusing unknown trouble with
// statuses the client can act on.
func (s *Server) bindJSON(c *gin.Context, v any) error {
	if ct := c.ContentType(); ct != "" && ct != "application/json" {
		return errf(http.StatusUnsupportedMediaType, "want Content-Type application/json, got %q", ct)
	}
	if err := decodeJSON(c.Request.Body, v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errf(http.StatusRequestEntityTooLarge, "request body is over the limit of %d bytes", mbe.Limit)
		}
		return errf(http.StatusBadRequest, "bad JSON body: %v", err)
	}
	return nil
}

// checkCellSize refuses a cell source over the limit.
func (s *Server) checkCellSize(src string) error {
	if len(src) > s.limits.CellBytes {
		return errf(http.StatusRequestEntityTooLarge, "cell source is %d bytes, the limit is %d", len(src), s.limits.CellBytes)
	}
	return nil
}

// isLoopback reports whether addr (host:port or host) names a loopback
// interface only.
func isLoopback(addr string) bool {
	h := hostname(addr)
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// statusResponse answers GET /api/status.
type statusResponse struct {
	Version string    `json:"version"`
	Started time.Time `json:"started"`
	Kernels int       `json:"kernels"`
	Auth    string    `json:"auth"`
}

// handleStatus reports the version, the start time, the live kernels and
// how clients authenticate.
func (s *Server) handleStatus(c *gin.Context) {
	mode := "token"
	switch {
	case s.auth.off:
		mode = "none"
	case s.auth.token == "":
		mode = "password"
	}
	c.JSON(http.StatusOK, statusResponse{
		Version: s.cfg.Version,
		Started: s.started.UTC(),
		Kernels: s.kernels.len(),
		Auth:    mode,
	})
}

// trimSlash removes the leading slash gin leaves on a catch-all parameter.
func trimSlash(p string) string { return strings.TrimPrefix(p, "/") }
