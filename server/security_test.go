package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonote/notebooks"
)

// publicRoutes are the only routes that answer without the token.
var publicRoutes = map[string]bool{
	"GET /login":         true,
	"POST /login":        true,
	"GET /assets/*file":  true,
	"HEAD /assets/*file": true,
}

// concretePath fills a route's parameters with plausible values.
func concretePath(route string) string {
	r := strings.NewReplacer(":id", "someid", "*path", "a.ipynb", "*file", "app.js")
	return r.Replace(route)
}

// TestEveryRouteNeedsToken walks the router's own list of routes, so a route
// added later is covered without editing this test.
func TestEveryRouteNeedsToken(t *testing.T) {
	e := newEnv(t)
	routes := e.srv.Routes()
	if len(routes) < 20 {
		t.Fatalf("Routes() lists %d routes, want the whole API", len(routes))
	}
	// A kernel and a notebook that requests without the token must not
	// touch.
	id := e.startKernel(t)
	e.must(t, http.StatusCreated, "POST", "/api/notebooks", map[string]string{"path": "a.ipynb"}, nil)

	for _, r := range routes {
		key := r.Method + " " + r.Path
		t.Run(key, func(t *testing.T) {
			path := strings.ReplaceAll(concretePath(r.Path), "someid", id)
			body := "{}"
			resp, data := e.do(t, r.Method, path, body, "-auth", "Origin: "+e.ts.URL, "Content-Type: application/json")
			if publicRoutes[key] {
				if bytes.Contains(data, []byte("missing or wrong token")) || resp.StatusCode == http.StatusSeeOther {
					t.Errorf("public route %s = %d %s, want it open", key, resp.StatusCode, data)
				}
				return
			}
			switch {
			case strings.HasPrefix(r.Path, "/api/"):
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s %s without token = %d %s, want 401", r.Method, path, resp.StatusCode, data)
				}
			case r.Method == http.MethodGet:
				if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
					t.Errorf("%s %s without token = %d, want 303 to /login", r.Method, path, resp.StatusCode)
				}
			default:
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s %s without token = %d, want 401", r.Method, path, resp.StatusCode)
				}
			}
		})
	}
	// Nothing was touched.
	e.must(t, http.StatusOK, "GET", "/api/kernels/"+id, nil, nil)
	e.must(t, http.StatusOK, "GET", "/api/notebooks/a.ipynb", nil, nil)
	for key := range publicRoutes {
		found := false
		for _, r := range routes {
			found = found || r.Method+" "+r.Path == key
		}
		if !found {
			t.Errorf("public route %s is not registered; update publicRoutes", key)
		}
	}
}

func TestBrowserAttacksRefused(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.AllowHosts = []string{"notes.example.org"} })
	login := func() string {
		resp, _ := e.do(t, "GET", "/?token="+e.token, nil, "-auth")
		c := sessionCookie(resp)
		if c == nil {
			t.Fatal("no session cookie")
		}
		return "Cookie: " + c.Name + "=" + c.Value
	}
	cookie := login()
	self := "Origin: " + e.ts.URL
	host := strings.TrimPrefix(e.ts.URL, "http://")
	port := host[strings.LastIndex(host, ":"):]
	tests := []struct {
		name    string
		method  string
		path    string
		headers []string
		want    int
	}{
		// DNS rebinding: the attacker's name resolves to 127.0.0.1.
		{"forged host", "GET", "/api/status", []string{"Host: evil.example" + port}, http.StatusForbidden},
		{"forged host on login page", "GET", "/login", []string{"-auth", "Host: evil.example" + port}, http.StatusForbidden},
		{"forged host on assets", "GET", "/assets/app.js", []string{"-auth", "Host: evil.example"}, http.StatusForbidden},
		{"forged host with cookie", "GET", "/api/notebooks", []string{"-auth", cookie, "Host: rebind.evil.example" + port}, http.StatusForbidden},
		{"allowed extra host", "GET", "/api/status", []string{"Host: notes.example.org"}, http.StatusOK},
		{"localhost", "GET", "/api/status", []string{"Host: localhost" + port}, http.StatusOK},
		{"ipv6 loopback", "GET", "/api/status", []string{"Host: [::1]" + port}, http.StatusOK},
		// CSRF.
		{"cross-site origin", "POST", "/api/kernels", []string{"Origin: http://evil.example"}, http.StatusForbidden},
		{"cross-site origin with cookie", "POST", "/api/kernels", []string{"-auth", cookie, "Origin: http://evil.example"}, http.StatusForbidden},
		{"other port origin", "POST", "/api/kernels", []string{"-auth", cookie, "Origin: http://127.0.0.1:1"}, http.StatusForbidden},
		{"null origin", "POST", "/api/format", []string{"-auth", cookie, "Origin: null"}, http.StatusForbidden},
		{"missing origin with cookie", "POST", "/api/kernels", []string{"-auth", cookie}, http.StatusForbidden},
		{"missing origin on delete", "DELETE", "/api/notebooks/a.ipynb", []string{"-auth", cookie}, http.StatusForbidden},
		{"cross-site fetch metadata on a stream", "GET", "/api/kernels", []string{"-auth", cookie, "Sec-Fetch-Site: cross-site"}, http.StatusForbidden},
		{"same-site fetch metadata", "GET", "/api/status", []string{"-auth", cookie, "Sec-Fetch-Site: same-site"}, http.StatusForbidden},
		{"cross-site origin on a GET", "GET", "/api/status", []string{"-auth", cookie, "Origin: http://evil.example"}, http.StatusForbidden},
		// Allowed.
		{"same origin with cookie", "POST", "/api/format", []string{"-auth", cookie, self}, http.StatusOK},
		{"same-origin fetch metadata", "GET", "/api/status", []string{"-auth", cookie, "Sec-Fetch-Site: same-origin"}, http.StatusOK},
		{"header token without origin", "POST", "/api/format", nil, http.StatusOK},
		{"cookie GET without origin", "GET", "/api/status", []string{"-auth", cookie}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body any
			if tt.method == "POST" {
				body = map[string]string{"code": "x := 1"}
			}
			resp, data := e.do(t, tt.method, tt.path, body, tt.headers...)
			if resp.StatusCode != tt.want {
				t.Fatalf("%s %s %v = %d %s, want %d", tt.method, tt.path, tt.headers, resp.StatusCode, data, tt.want)
			}
			if tt.want == http.StatusForbidden {
				var eb errorBody
				if json.Unmarshal(data, &eb) != nil || eb.Error == "" {
					t.Errorf("refusal body = %s, want {\"error\": why}", data)
				}
			}
			if resp.Header.Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("answer has CORS header %q, want none", resp.Header.Get("Access-Control-Allow-Origin"))
			}
		})
	}
	if n := e.srv.kernels.len(); n != 0 {
		t.Errorf("%d kernels started by refused requests, want 0", n)
	}
}

func TestPreflightGetsNoCORS(t *testing.T) {
	e := newEnv(t)
	resp, _ := e.do(t, "OPTIONS", "/api/kernels", nil, "-auth", "Origin: http://evil.example",
		"Access-Control-Request-Method: POST")
	if resp.StatusCode < 400 || resp.Header.Get("Access-Control-Allow-Origin") != "" || resp.Header.Get("Access-Control-Allow-Methods") != "" {
		t.Errorf("preflight = %d %v, want a refusal without CORS headers", resp.StatusCode, resp.Header)
	}
}

// TestSecurityHeaders checks the headers on every kind of answer: pages,
// assets, API, refusals, not found, streams.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	id := e.startKernel(t)
	reqs := []struct{ method, path string }{
		{"GET", "/"}, {"GET", "/nb/a.ipynb"}, {"GET", "/login"}, {"GET", "/assets/app.js"},
		{"GET", "/assets/missing.js"}, {"GET", "/api/status"}, {"GET", "/api/notebooks"},
		{"GET", "/api/nothing"}, {"PUT", "/api/status"}, {"GET", "/api/notebooks/none.ipynb"},
		{"POST", "/api/format"}, {"GET", "/favicon.ico"},
	}
	for _, r := range e.srv.Routes() {
		reqs = append(reqs, struct{ method, path string }{r.Method, strings.ReplaceAll(concretePath(r.Path), "someid", "x")})
	}
	for _, r := range reqs {
		for _, variant := range [][]string{nil, {"-auth"}, {"Host: evil.example"}} {
			resp, _ := e.do(t, r.method, r.path, "{}", variant...)
			checkSecurityHeaders(t, r.method+" "+r.path+fmt.Sprint(variant), resp.Header)
		}
	}
	// A stream's headers, read before it ends.
	resp, err := http.DefaultClient.Do(e.req(t, "GET", "/api/kernels/"+id+"/events", nil))
	if err != nil {
		t.Fatal(err)
	}
	checkSecurityHeaders(t, "events stream", resp.Header)
	resp.Body.Close()
}

func checkSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "no-referrer",
		"X-Frame-Options":        "DENY",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %s = %q, want %q", what, k, got, v)
		}
	}
	csp := h.Get("Content-Security-Policy")
	for _, part := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "default-src 'self'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("%s: Content-Security-Policy %q lacks %q", what, csp, part)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(strings.SplitN(csp, "script-src", 2)[1], "unsafe-inline;") {
		t.Errorf("%s: Content-Security-Policy %q allows inline script or eval", what, csp)
	}
}

// TestPathsRefused sends paths that try to leave the notebook folder,
// as raw as a client can send them.
func TestPathsRefused(t *testing.T) {
	e := newEnv(t)
	outside := filepath.Join(filepath.Dir(e.dir), "secret.ipynb")
	nb, _ := notebooks.EncodeIPYNB(notebooks.New())
	if err := os.WriteFile(outside, nb, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(e.dir, "link.ipynb")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Dir(e.dir), filepath.Join(e.dir, "up")); err != nil {
		t.Fatal(err)
	}
	paths := []string{
		"../secret.ipynb",
		"..%2fsecret.ipynb",
		"%2e%2e/secret.ipynb",
		"%2e%2e%2fsecret.ipynb",
		"%252e%252e%252fsecret.ipynb",
		"a/../../secret.ipynb",
		"/" + strings.TrimPrefix(outside, "/"),
		"%2F" + strings.TrimPrefix(outside, "/"),
		"..\\secret.ipynb",
		"..%5csecret.ipynb",
		"link.ipynb",
		"up/secret.ipynb",
		"up%2fsecret.ipynb",
		".hidden.ipynb",
		"a%00.ipynb",
		"",
	}
	for _, p := range paths {
		for _, method := range []string{"GET", "PUT", "DELETE", "PATCH"} {
			t.Run(method+" "+p, func(t *testing.T) {
				var body any
				switch method {
				case "PUT":
					body = nb
				case "PATCH":
					body = map[string]string{"path": "moved.ipynb"}
				}
				resp, data := e.do(t, method, "/api/notebooks/"+p, body)
				if method == "DELETE" && p == "link.ipynb" {
					// Removing the link itself is allowed; its target
					// stays (checked below).
					return
				}
				if resp.StatusCode < 400 || resp.StatusCode >= 500 {
					t.Errorf("%s /api/notebooks/%s = %d %s, want a 4xx refusal", method, p, resp.StatusCode, data)
				}
				if bytes.Contains(data, []byte(`"cells"`)) {
					t.Errorf("%s /api/notebooks/%s leaked a notebook: %s", method, p, data)
				}
			})
		}
	}
	// Renames and copies to outside paths, too.
	e.must(t, http.StatusCreated, "POST", "/api/notebooks", map[string]string{"path": "in.ipynb"}, nil)
	for _, to := range []string{"../out.ipynb", "/tmp/out.ipynb", "up/out.ipynb", "%2e%2e/out.ipynb"} {
		resp, data := e.do(t, "PATCH", "/api/notebooks/in.ipynb", map[string]string{"path": to})
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("rename to %s = %d %s, want a refusal", to, resp.StatusCode, data)
		}
		resp, data = e.do(t, "POST", "/api/notebooks", map[string]string{"from": "in.ipynb", "path": to})
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("copy to %s = %d %s, want a refusal", to, resp.StatusCode, data)
		}
	}
	if got, err := os.ReadFile(outside); err != nil || !bytes.Equal(got, nb) {
		t.Errorf("the file outside the store changed: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(e.dir))
	for _, de := range entries {
		if de.Name() != "secret.ipynb" && de.Name() != filepath.Base(e.dir) {
			t.Errorf("a request created %s outside the store", de.Name())
		}
	}
}

func TestInputLimits(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Limits = Limits{BodyBytes: 64 << 10, CellBytes: 1000, NameBytes: 40, KernelStarts: 2, Kernels: 3}
		c.NotebookLimits = notebooks.Limits{Cells: 5}
	})
	big := strings.Repeat("x", 2000)
	manyCells := notebooks.New()
	for range 6 {
		manyCells.Cells = append(manyCells.Cells, &notebooks.Cell{Type: notebooks.Code, Source: "1"})
	}
	manyJSON, _ := notebooks.EncodeIPYNB(manyCells)
	huge := bytes.Repeat([]byte(" "), 70<<10)
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		ctype  string
		want   int
		msg    string
	}{
		{"body over the limit", "PUT", "/api/notebooks/a.ipynb", huge, "application/json", http.StatusRequestEntityTooLarge, "limit"},
		{"json body over the limit", "POST", "/api/format", append([]byte(`{"code":"`), append(huge, '"', '}')...), "application/json", http.StatusRequestEntityTooLarge, "limit"},
		{"cell source for format", "POST", "/api/format", map[string]string{"code": big}, "", http.StatusRequestEntityTooLarge, "cell source"},
		{"cell source for markdown", "POST", "/api/markdown", map[string]string{"source": big}, "", http.StatusRequestEntityTooLarge, "cell source"},
		{"too many cells", "PUT", "/api/notebooks/a.ipynb", manyJSON, "application/json", http.StatusRequestEntityTooLarge, "cells"},
		{"too many cells uploaded", "POST", "/api/notebooks", map[string]any{"path": "b.ipynb", "content": string(manyJSON)}, "", http.StatusRequestEntityTooLarge, "cells"},
		{"long name", "POST", "/api/notebooks", map[string]string{"path": strings.Repeat("n", 50) + ".ipynb"}, "", http.StatusRequestEntityTooLarge, "path"},
		{"long name in URL", "GET", "/api/notebooks/" + strings.Repeat("n", 50) + ".ipynb", nil, "", http.StatusRequestEntityTooLarge, "path"},
		{"bad characters", "POST", "/api/notebooks", map[string]string{"path": "a\nb.ipynb"}, "", http.StatusBadRequest, "path"},
		{"bad characters in rename", "PATCH", "/api/notebooks/a.ipynb", map[string]string{"path": "x\u202e.ipynb"}, "", http.StatusBadRequest, "path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := []string{}
			if tt.ctype != "" {
				hdr = append(hdr, "Content-Type: "+tt.ctype)
			}
			resp, data := e.do(t, tt.method, tt.path, tt.body, hdr...)
			if resp.StatusCode != tt.want {
				t.Fatalf("%s %s = %d %s, want %d", tt.method, tt.path, resp.StatusCode, data, tt.want)
			}
			var eb errorBody
			if json.Unmarshal(data, &eb) != nil || !strings.Contains(eb.Error, tt.msg) {
				t.Errorf("%s %s body = %s, want an error mentioning %q", tt.method, tt.path, data, tt.msg)
			}
		})
	}

	t.Run("cell source for execute", func(t *testing.T) {
		id := e.startKernel(t)
		var eb errorBody
		e.must(t, http.StatusRequestEntityTooLarge, "POST", "/api/kernels/"+id+"/execute", map[string]string{"code": big}, &eb, "Accept: application/json")
		if !strings.Contains(eb.Error, "cell source") {
			t.Errorf("execute of a big cell = %q, want a message about the cell source", eb.Error)
		}
		e.must(t, http.StatusNoContent, "DELETE", "/api/kernels/"+id, nil, nil)
	})

	t.Run("kernel starts per client", func(t *testing.T) {
		// Two starts happened in this window at most: the subtest above
		// used one.
		e.startKernel(t)
		var eb errorBody
		resp := e.must(t, http.StatusTooManyRequests, "POST", "/api/kernels", nil, &eb)
		if !strings.Contains(eb.Error, "kernel starts") || resp.Header.Get("Retry-After") == "" {
			t.Errorf("third start in a minute = %q (Retry-After %q), want a rate-limit message", eb.Error, resp.Header.Get("Retry-After"))
		}
	})
}

func TestKernelLimit(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Limits = Limits{Kernels: 1} })
	e.startKernel(t)
	var eb errorBody
	e.must(t, http.StatusServiceUnavailable, "POST", "/api/kernels", nil, &eb)
	if !strings.Contains(eb.Error, "limit") {
		t.Errorf("start over the limit = %q, want a message about the limit", eb.Error)
	}
}

func TestNoAuthOnlyOnLoopback(t *testing.T) {
	store, err := notebooks.Open(t.TempDir(), notebooks.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	tests := []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:8888", true},
		{"localhost:8888", true},
		{"[::1]:8888", true},
		{"0.0.0.0:8888", false},
		{":8888", false},
		{"192.168.1.5:8888", false},
		{"example.org:80", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			s, err := New(Config{Addr: tt.addr, NoAuth: true, Store: store, Start: startProcessKernel})
			if tt.ok != (err == nil) {
				t.Fatalf("New(NoAuth, %q) error = %v, want ok %v", tt.addr, err, tt.ok)
			}
			if s != nil {
				s.Close()
			}
		})
	}
}

// TestNoAuthStillChecksOrigin: with auth off, cross-site requests are the
// only thing between a web page and code execution.
func TestNoAuthStillChecksOrigin(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.NoAuth = true; c.Token = "" })
	e.must(t, http.StatusOK, "GET", "/api/status", nil, nil, "-auth")
	e.must(t, http.StatusForbidden, "POST", "/api/kernels", nil, nil, "-auth")
	e.must(t, http.StatusForbidden, "POST", "/api/kernels", nil, nil, "-auth", "Origin: http://evil.example")
	e.must(t, http.StatusOK, "POST", "/api/format", map[string]string{"code": "1"}, nil, "-auth", "Origin: "+e.ts.URL)
}

// TestCellCannotSeeSecrets runs a cell that looks for the token and the
// cookie secret in its environment and command line.
func TestCellCannotSeeSecrets(t *testing.T) {
	e := newEnv(t)
	// Even with the token in the server's environment, as when given by
	// GONOTE_TOKEN, the worker must not inherit it.
	t.Setenv("GONOTE_TOKEN", e.token)
	t.Setenv("GONOTE_SECRET_FOR_TEST", e.srv.auth.session)
	id := e.startKernel(t)
	e.prelude(t, id)
	a := e.execJSON(t, id, `for _, kv := range os.Environ() {
	fmt.Println(kv)
}
fmt.Println(os.Args)`)
	if a.Status != "ok" || a.stdout() == "" {
		t.Fatalf("environment cell = %+v, want its output", a)
	}
	for _, secret := range []string{e.token, e.srv.auth.session} {
		if strings.Contains(a.stdout(), secret) {
			t.Errorf("a cell sees the secret %q", secret)
		}
	}
}
