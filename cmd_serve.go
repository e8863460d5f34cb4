package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/user"
	"strings"
	"time"

	"gonote/kernel"
	"gonote/notebooks"
	"gonote/server"
	"gonote/server/web"
)

// tokenEnv names the environment variable that may hold the token, so it
// need not appear on the command line.
const tokenEnv = "GONOTE_TOKEN"

// serveConfig is what "gonote serve" was asked to do.
type serveConfig struct {
	addr         string
	dir          string
	token        string
	passwordHash string
	hashPassword bool
	noAuth       bool
	allowHosts   listFlag
	kernel       *kernelFlags
}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// parseServe reads serve's flags. The token comes from --token, else from
// $GONOTE_TOKEN, else it is made at random by the server.
func parseServe(args []string, stderr io.Writer, getenv func(string) string) (*serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &serveConfig{}
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8888", "address to listen on; anything but loopback lets other machines in")
	fs.StringVar(&cfg.dir, "dir", "notebooks", "folder of the user's notebooks, created if missing")
	fs.StringVar(&cfg.token, "token", "", "the token that opens the server (default: $"+tokenEnv+", else a random one)")
	fs.StringVar(&cfg.passwordHash, "password", "", "a password hash made by --hash-password: log in with the password instead of a token")
	fs.BoolVar(&cfg.hashPassword, "hash-password", false, "read a password from standard input, print its hash for --password, and exit")
	fs.BoolVar(&cfg.noAuth, "no-auth", false, "no token at all; refused unless --addr is a loopback address")
	fs.Var(&cfg.allowHosts, "allow-host", "a host name browsers may use to reach the server, besides localhost, 127.0.0.1 and ::1 (repeatable)")
	cfg.kernel = addKernelFlags(fs)
	if err := fs.Parse(args); err != nil {
		return nil, fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, fs.Args())
	}
	if cfg.token == "" {
		cfg.token = getenv(tokenEnv)
	}
	switch {
	case cfg.noAuth && (cfg.token != "" || cfg.passwordHash != ""):
		return nil, fmt.Errorf("%w: --no-auth cannot be combined with a token or a password", errUsage)
	case cfg.noAuth && !isLoopbackAddr(cfg.addr):
		return nil, fmt.Errorf("%w: %v, not %s", errUsage, server.ErrNoAuthExposed, cfg.addr)
	}
	return cfg, nil
}

// runServe is "gonote serve": flags into a server.Config, then serve until
// interrupted.
func runServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := parseServe(args, stderr, os.Getenv)
	if err != nil {
		return err
	}
	// Kernel workers inherit this process's environment: the token must
	// not be in it.
	os.Unsetenv(tokenEnv)
	if cfg.hashPassword {
		return printPasswordHash(stdin, stdout)
	}

	store, err := notebooks.Open(cfg.dir, notebooks.Options{})
	if err != nil {
		return err
	}
	defer store.Close()

	// A worker is kept ready, so opening a notebook does not wait for a
	// process and its interpreter to start.
	kcfg := cfg.kernel.config()
	kcfg.SandboxHide = []string{cfg.dir}
	spares := kernel.NewSpares(kcfg, 1)
	defer spares.Close()
	start := func(ctx context.Context, late func(kernel.Chunk)) (server.Kernel, error) {
		return spares.Start(ctx, late)
	}
	limits := server.Limits{Kernels: cfg.kernel.maxKernels, IdleTimeout: cfg.kernel.idleTimeout}
	if limits.Kernels == 0 {
		limits.Kernels = 1 << 30
	}
	if limits.IdleTimeout == 0 {
		limits.IdleTimeout = 100 * 365 * 24 * time.Hour
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv, err := server.New(server.Config{
		Addr:         ln.Addr().String(),
		Token:        cfg.token,
		PasswordHash: cfg.passwordHash,
		NoAuth:       cfg.noAuth,
		AllowHosts:   cfg.allowHosts,
		Store:        store,
		Start:        start,
		Assets:       web.Assets,
		Limits:       limits,
		Logger:       slog.New(slog.NewTextHandler(stderr, nil)),
		Version:      version,
	})
	if err != nil {
		ln.Close()
		return fmt.Errorf("serve: %w", err)
	}
	printBanner(stdout, stderr, cfg, ln.Addr().String(), srv.Token())
	return srv.Serve(ctx, ln)
}

// printBanner says where the server is and how to open it, and warns
// loudly when other machines can reach it.
func printBanner(stdout, stderr io.Writer, cfg *serveConfig, addr, token string) {
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	u := "http://" + net.JoinHostPort(host, port) + "/"
	if token != "" {
		u += "?token=" + token
	}
	fmt.Fprintf(stdout, "gonote %s: notebooks in %s, lessons built in\n", version, cfg.dir)
	if cfg.kernel != nil && cfg.kernel.sandbox {
		fmt.Fprintln(stdout, "kernels run sandboxed: no network, read-only system, private temp folder")
	}
	fmt.Fprintf(stdout, "open %s\n", u)
	if !isLoopbackAddr(cfg.addr) {
		who := "the user who started gonote"
		if me, err := user.Current(); err == nil {
			who = "user " + me.Username
		}
		bar := strings.Repeat("!", 76)
		fmt.Fprintf(stderr, "%s\n"+
			"WARNING: gonote listens on %s, which other machines can reach.\n"+
			"Anyone who reaches it and has the token or password can run any code\n"+
			"as %s on this machine. Prefer 127.0.0.1 behind a reverse proxy\n"+
			"with TLS; see Security in the README.\n%s\n", bar, addr, who, bar)
	}
}

// printPasswordHash reads a password (one line) and prints its hash.
func printPasswordHash(stdin io.Reader, stdout io.Writer) error {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return fmt.Errorf("%w: --hash-password reads a password from standard input; got none", errUsage)
	}
	h, err := server.HashPassword(pw)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, h)
	return nil
}

// isLoopbackAddr reports whether addr (host:port) listens on loopback only.
func isLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
