package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonote/kernel"
	"gonote/notebooks"
)

// echoKernel is a small fake kernel for fuzzing the HTTP layer: it runs no
// code, it writes the code back as output. The fuzzers test how the server
// decodes and answers requests, not the interpreter, and must not run
// arbitrary code a mutator made up.
type echoKernel struct{ count int }

func (k *echoKernel) Execute(ctx context.Context, code string, out func(kernel.Chunk)) (kernel.Result, error) {
	k.count++
	out(kernel.Chunk{Stream: kernel.Stdout, Text: code, Cell: k.count})
	return kernel.Result{Status: kernel.StatusOK, ExecutionCount: k.count}, nil
}
func (k *echoKernel) Interrupt(context.Context) error { return nil }
func (k *echoKernel) Restart(context.Context) error   { k.count = 0; return nil }
func (k *echoKernel) Close() error                    { return nil }

// secretText marks the notebook kept outside the store.
const secretText = "TOP SECRET, outside the store"

// fuzzEnv is a server over a temporary store, driven in process.
type fuzzEnv struct {
	srv    *Server
	root   string // holds the store folder and a secret file next to it
	dir    string
	secret []byte
	kernel string
}

func newFuzzEnv(f *testing.F) *fuzzEnv {
	root := f.TempDir()
	dir := filepath.Join(root, "notebooks")
	store, err := notebooks.Open(dir, notebooks.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { store.Close() })
	secretNB := notebooks.New()
	secretNB.Cells = []*notebooks.Cell{{Type: notebooks.Markdown, Source: secretText}}
	secret, _ := notebooks.EncodeIPYNB(secretNB)
	if err := os.WriteFile(filepath.Join(root, "secret.ipynb"), secret, 0o600); err != nil {
		f.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(dir, "up")); err != nil {
		f.Fatal(err)
	}
	srv, err := New(Config{
		Addr:  "127.0.0.1:8888",
		Token: "fuzz-token",
		Store: store,
		Start: func(context.Context, func(kernel.Chunk)) (Kernel, error) { return &echoKernel{}, nil },
		// Small limits, so the fuzzer reaches them.
		Limits:         Limits{BodyBytes: 256 << 10, CellBytes: 64 << 10, KernelStarts: 1 << 20},
		NotebookLimits: notebooks.Limits{Cells: 50},
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	e := &fuzzEnv{srv: srv, root: root, dir: dir, secret: secret}
	rec := e.serve(e.request("POST", &url.URL{Path: "/api/kernels"}, nil))
	var k kernelInfo
	if err := json.Unmarshal(rec.Body.Bytes(), &k); err != nil || k.ID == "" {
		f.Fatalf("start kernel: %d %s", rec.Code, rec.Body)
	}
	e.kernel = k.ID
	return e
}

func (e *fuzzEnv) request(method string, u *url.URL, body []byte) *http.Request {
	r := httptest.NewRequest(method, "/", bytes.NewReader(body))
	r.URL = u
	r.RequestURI = u.RequestURI()
	r.Host = "127.0.0.1:8888"
	r.Header.Set("Authorization", "token fuzz-token")
	r.Header.Set("Origin", "http://127.0.0.1:8888")
	r.Header.Set("Content-Type", "application/json")
	return r
}

func (e *fuzzEnv) serve(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, r)
	return rec
}

// check asserts what holds for every answer: no server error, the security
// headers, a JSON error body on refusals, and nothing outside the store
// touched.
func (e *fuzzEnv) check(t *testing.T, what string, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code >= 500 {
		t.Fatalf("%s = %d %s, want no server error", what, rec.Code, rec.Body)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatalf("%s: security headers missing: %v", what, rec.Header())
	}
	if rec.Code >= 400 {
		var eb errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil || eb.Error == "" {
			t.Fatalf("%s = %d %q, want a JSON error body", what, rec.Code, rec.Body)
		}
	}
	entries, err := os.ReadDir(e.root)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range entries {
		if de.Name() != "secret.ipynb" && de.Name() != "notebooks" {
			t.Fatalf("%s created %s outside the store", what, de.Name())
		}
	}
	if got, err := os.ReadFile(filepath.Join(e.root, "secret.ipynb")); err != nil || !bytes.Equal(got, e.secret) {
		t.Fatalf("%s changed the file outside the store (%v)", what, err)
	}
}

// jsonRoutes are the routes that take a JSON body.
var jsonRoutes = []struct{ method, path string }{
	{"POST", "/api/format"},
	{"POST", "/api/markdown"},
	{"POST", "/api/notebooks"},
	{"PATCH", "/api/notebooks/fuzz.ipynb"},
	{"PUT", "/api/notebooks/fuzz.ipynb"},
	{"PUT", "/api/notebooks/fuzz.md"},
	{"POST", "/api/kernels/KERNEL/execute"},
}

// FuzzAPIJSON sends arbitrary bodies to every route that reads JSON.
func FuzzAPIJSON(f *testing.F) {
	e := newFuzzEnv(f)
	nb, _ := notebooks.EncodeIPYNB(notebooks.New())
	seeds := []string{
		`{"code":"x := 1\nfmt.Println(x)"}`,
		`{"code":"func ("}`,
		`{"source":"# hi <script>alert(1)</script>"}`,
		`{"path":"a.ipynb"}`,
		`{"from":"lessons/01-sync-vs-async.md"}`,
		`{"from":"lessons/01-sync-vs-async.md","path":"../x.ipynb"}`,
		`{"path":"up.md","content":"# Up\n\n` + "```go\\nfmt.Println(1)\\n```" + `\n"}`,
		`{"path":"b.ipynb","content":"{}"}`,
		string(nb),
		`{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","source":"1","metadata":{},"outputs":[],"execution_count":null}]}`,
		`null`, `[]`, `""`, `{"code":1}`, `{} {}`, `{"code":"\u0000"}`, "",
	}
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s))
	}
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		r := jsonRoutes[int(route)%len(jsonRoutes)]
		u := &url.URL{Path: strings.Replace(r.path, "KERNEL", e.kernel, 1)}
		rec := e.serve(e.request(r.method, u, body))
		e.check(t, r.method+" "+r.path, rec)
		if rec.Code < 300 && rec.Code != http.StatusNoContent && !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/event-stream") && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s = %d with a body that is not JSON: %q", r.method, r.path, rec.Code, rec.Body)
		}
	})
}

// FuzzNotebookPath sends arbitrary request targets under /api/notebooks/,
// decoded by net/url as a server would, to every notebook route. Whatever
// the path, the answer is not a server error and nothing outside the store
// is read, created or changed.
func FuzzNotebookPath(f *testing.F) {
	e := newFuzzEnv(f)
	nb, _ := notebooks.EncodeIPYNB(notebooks.New())
	for i, p := range []string{
		"a.ipynb", "dir/b.md", "../secret.ipynb", "..%2fsecret.ipynb", "%2e%2e/secret.ipynb",
		"%252e%252e%252fsecret.ipynb", "up/secret.ipynb", "up%2Fsecret.ipynb", "/etc/passwd",
		"%2Fetc%2Fpasswd", "a/../../secret.ipynb", "..\\secret.ipynb", ".hidden.ipynb",
		"a%00.ipynb", "caf\u00e9.ipynb", "cafe\u0301.ipynb", "x\u202e.ipynb", "lessons/01-sync-vs-async.md",
		"a//b.ipynb", "./a.ipynb", "a.ipynb/", "%", "?download=1", "a.ipynb?download=1&format=md",
	} {
		f.Add(uint8(i), p)
	}
	f.Fuzz(func(t *testing.T, op uint8, p string) {
		u, err := url.ParseRequestURI("/api/notebooks/" + p)
		if err != nil {
			return // no client can send it
		}
		var method string
		var body []byte
		switch op % 5 {
		case 0:
			method = "GET"
		case 1:
			method, body = "PUT", nb
		case 2:
			method = "DELETE"
		case 3:
			method, body = "PATCH", []byte(`{"path":"renamed.ipynb"}`)
		case 4:
			// The same path as a JSON field: copy a lesson to it.
			data, _ := json.Marshal(map[string]string{"from": "lessons/01-sync-vs-async.md", "path": u.Path[len("/api/notebooks/"):]})
			method, body, u = "POST", data, &url.URL{Path: "/api/notebooks"}
		}
		rec := e.serve(e.request(method, u, body))
		e.check(t, method+" "+u.String(), rec)
		if bytes.Contains(rec.Body.Bytes(), []byte(secretText)) {
			t.Fatalf("GET %s read the file outside the store", u)
		}
	})
}
