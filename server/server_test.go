package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gonote/kernel"
	"gonote/kernel/engine"
	"gonote/kernel/worker"
	"gonote/notebooks"
)

// workerEnv switches the test binary into the kernel worker role, so server
// tests run real kernel processes: the os/exec helper-process pattern.
const workerEnv = "GONOTE_SERVER_TEST_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		err := worker.Main(context.Background(), worker.Options{
			New: func(o worker.EngineOptions) (kernel.Runner, error) {
				return engine.New(engine.Options{Late: o.Late, Extra: o.Extra, OutputLimit: o.OutputLimit})
			},
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startProcessKernel starts a real kernel process: this test binary in the
// worker role.
func startProcessKernel(ctx context.Context, late func(kernel.Chunk)) (Kernel, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return kernel.Start(ctx, kernel.Config{
		Command: []string{exe},
		Env:     []string{workerEnv + "=1"},
		Late:    late,
	})
}

// testAssets stands in for the built front end.
var testAssets = fstest.MapFS{
	"index.html":    {Data: []byte("<!doctype html><title>gonote</title><script src=\"/assets/app.js\"></script>\n")},
	"assets/app.js": {Data: []byte("console.log('gonote')\n")},
}

// env is a server under test, on a real listener.
type env struct {
	srv   *Server
	ts    *httptest.Server
	dir   string
	token string
}

// newEnv starts a server over a temporary store, with real kernel
// processes. mod may change the config before New.
func newEnv(t testing.TB, mod ...func(*Config)) *env {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "notebooks")
	store, err := notebooks.Open(dir, notebooks.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cfg := Config{
		Addr:    "127.0.0.1:0",
		Token:   "test-token-0123456789",
		Store:   store,
		Start:   startProcessKernel,
		Assets:  testAssets,
		Version: "test",
	}
	for _, f := range mod {
		f(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		ts.Close()
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &env{srv: srv, ts: ts, dir: dir, token: cfg.Token}
}

// req builds a request to the server. Headers come as "Key: value"
// strings; unless "-auth" is among them, the token goes in the
// Authorization header.
func (e *env) req(t testing.TB, method, path string, body any, headers ...string) *http.Request {
	t.Helper()
	var r io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(data)
		ctype = "application/json"
	}
	req, err := http.NewRequest(method, e.ts.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	auth := true
	for _, h := range headers {
		if h == "-auth" {
			auth = false
			continue
		}
		k, v, _ := strings.Cut(h, ":")
		if strings.EqualFold(k, "Host") {
			req.Host = strings.TrimSpace(v)
			continue
		}
		req.Header.Set(k, strings.TrimSpace(v))
	}
	if auth {
		req.Header.Set("Authorization", "token "+e.token)
	}
	return req
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// do sends a request and returns the answer with its body read.
func (e *env) do(t testing.TB, method, path string, body any, headers ...string) (*http.Response, []byte) {
	t.Helper()
	resp, err := noRedirect.Do(e.req(t, method, path, body, headers...))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp, data
}

// must sends a request, checks its status and decodes a JSON answer into
// out (when out is not nil).
func (e *env) must(t testing.TB, want int, method, path string, body, out any, headers ...string) *http.Response {
	t.Helper()
	resp, data := e.do(t, method, path, body, headers...)
	if resp.StatusCode != want {
		t.Fatalf("%s %s = %d %s, want %d", method, path, resp.StatusCode, data, want)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
	return resp
}

// startKernel starts a kernel through the API and returns its id; the
// kernel is deleted when the test ends (the server's Close would too).
func (e *env) startKernel(t testing.TB) string {
	t.Helper()
	var k kernelInfo
	e.must(t, http.StatusCreated, "POST", "/api/kernels", nil, &k)
	if k.ID == "" {
		t.Fatal("POST /api/kernels: no id")
	}
	return k.ID
}

// importCell imports what the test cells use. Cells could rely on the
// cell compiler adding imports; importing explicitly keeps these tests about
// the server.
const importCell = "import (\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n)"

// prelude runs importCell in kernel id, as its cell 1.
func (e *env) prelude(t testing.TB, id string) {
	t.Helper()
	if a := e.execJSON(t, id, importCell); a.Status != "ok" {
		t.Fatalf("import cell = %+v (%+v), want ok", a, a.Error)
	}
}

// execJSON runs code and returns the JSON answer.
func (e *env) execJSON(t testing.TB, id, code string) executeAnswer {
	t.Helper()
	var a executeAnswer
	e.must(t, http.StatusOK, "POST", "/api/kernels/"+id+"/execute", map[string]string{"code": code}, &a, "Accept: application/json")
	return a
}

// executeAnswer decodes the JSON answer of execute.
type executeAnswer struct {
	Status         string `json:"status"`
	ExecutionCount int    `json:"execution_count"`
	DurationNS     int64  `json:"duration_ns"`
	Error          *struct {
		Name    string `json:"ename"`
		Message string `json:"evalue"`
		Line    int    `json:"line"`
	} `json:"error"`
	Outputs []struct {
		Type string `json:"type"`
		Name string `json:"name"`
		Text string `json:"text"`
		TNS  int64  `json:"t_ns"`
	} `json:"outputs"`
}

func (a executeAnswer) stdout() string {
	var b strings.Builder
	for _, o := range a.Outputs {
		if o.Name == "stdout" {
			b.WriteString(o.Text)
		}
	}
	return b.String()
}

// sseEvent is one decoded server-sent event.
type sseEvent map[string]any

// sseReader reads server-sent events, one at a time, with a deadline.
type sseReader struct {
	events chan sseEvent
	errs   chan error
}

// readSSE decodes the events of body in a goroutine that ends with body.
func readSSE(body io.Reader) *sseReader {
	r := &sseReader{events: make(chan sseEvent, 64), errs: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			data, ok := strings.CutPrefix(line, "data: ")
			if !ok {
				continue
			}
			var ev sseEvent
			if err := json.Unmarshal([]byte(data), &ev); err != nil {
				r.errs <- fmt.Errorf("bad event %q: %v", data, err)
				return
			}
			r.events <- ev
		}
		r.errs <- sc.Err()
		close(r.events)
	}()
	return r
}

// next waits for the next event, failing the test after timeout.
func (r *sseReader) next(t testing.TB, timeout time.Duration) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-r.events:
		if !ok {
			t.Fatalf("event stream ended: %v", <-r.errs)
		}
		return ev
	case <-time.After(timeout):
		t.Fatalf("no event within %v", timeout)
	}
	return nil
}

// until reads events until one has the given type, returning it and the
// events before it.
func (r *sseReader) until(t testing.TB, typ string, timeout time.Duration) (sseEvent, []sseEvent) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var before []sseEvent
	for {
		ev := r.next(t, time.Until(deadline))
		if ev["type"] == typ {
			return ev, before
		}
		before = append(before, ev)
	}
}

// streamExecute starts a streaming execute and returns its event reader.
func (e *env) streamExecute(t testing.TB, id, code string) (*sseReader, *http.Response) {
	t.Helper()
	req := e.req(t, "POST", "/api/kernels/"+id+"/execute", map[string]string{"code": code}, "Accept: text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(resp.Body)
		t.Fatalf("execute = %d %s, want 200", resp.StatusCode, data)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("execute Content-Type = %q, want text/event-stream", ct)
	}
	return readSSE(resp.Body), resp
}

// waitFile returns Go code that waits until the file at p exists: cells use
// it to hold still until the test says go, instead of sleeping. The loop
// sits in a function literal so that it declares nothing at the cell's top
// level.
func waitFile(p string) string {
	return fmt.Sprintf("func() {\nfor {\nif _, err := os.Stat(%q); err == nil {\nreturn\n}\ntime.Sleep(5 * time.Millisecond)\n}\n}()", p)
}

// touch creates the file at p.
func touch(t testing.TB, p string) {
	t.Helper()
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
}
