package server

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gonote/kernel"
	"gonote/notebooks"
	"gonote/notebooks/nbtest"
)

func TestStatus(t *testing.T) {
	e := newEnv(t)
	var st statusResponse
	e.must(t, http.StatusOK, "GET", "/api/status", nil, &st)
	if st.Version != "test" || st.Auth != "token" || st.Kernels != 0 {
		t.Errorf("GET /api/status = %+v, want version test, auth token, 0 kernels", st)
	}
}

func TestNotebookLifecycle(t *testing.T) {
	e := newEnv(t)

	var list listResponse
	e.must(t, http.StatusOK, "GET", "/api/notebooks", nil, &list)
	if len(list.Notebooks) != 0 {
		t.Errorf("fresh store lists notebooks %v, want none", list.Notebooks)
	}
	if len(list.Lessons) == 0 {
		t.Fatal("GET /api/notebooks lists no lessons")
	}
	lesson := list.Lessons[0]
	if lesson.Title == "" || lesson.Kind != notebooks.KindLesson || !strings.HasPrefix(lesson.Path, "lessons/") || lesson.Order == 0 {
		t.Errorf("first lesson = %+v, want a title, kind lesson, a lessons/ path and an order", lesson)
	}

	// A lesson reads as nbformat JSON and cannot be saved.
	resp, data := e.do(t, "GET", "/api/notebooks/"+lesson.Path, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
		t.Fatalf("GET lesson = %d (ETag %q), want 200 with an ETag", resp.StatusCode, resp.Header.Get("ETag"))
	}
	if _, err := notebooks.DecodeIPYNB(data, notebooks.Limits{}); err != nil {
		t.Fatalf("GET lesson is not nbformat: %v", err)
	}
	e.must(t, http.StatusForbidden, "PUT", "/api/notebooks/"+lesson.Path, data, nil)
	lessonJSON := data

	// Copy the lesson, under a free name.
	var copied saveResponse
	e.must(t, http.StatusCreated, "POST", "/api/notebooks", map[string]string{"from": lesson.Path}, &copied)
	if copied.Path == "" || strings.HasPrefix(copied.Path, "lessons/") || copied.Version == "" {
		t.Fatalf("copy lesson = %+v, want a user path and a version", copied)
	}
	if _, err := os.Stat(filepath.Join(e.dir, copied.Path)); err != nil {
		t.Errorf("copy %s: file not on disk: %v", copied.Path, err)
	}

	// Create, read with ETag, conditional get.
	var created saveResponse
	e.must(t, http.StatusCreated, "POST", "/api/notebooks", map[string]string{"path": "projects/first.ipynb"}, &created)
	e.must(t, http.StatusConflict, "POST", "/api/notebooks", map[string]string{"path": "projects/first.ipynb"}, nil)
	resp, data = e.do(t, "GET", "/api/notebooks/projects/first.ipynb", nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") != etag(created.Version) {
		t.Fatalf("GET created = %d ETag %q, want 200 ETag %q", resp.StatusCode, resp.Header.Get("ETag"), etag(created.Version))
	}
	e.must(t, http.StatusNotModified, "GET", "/api/notebooks/projects/first.ipynb", nil, nil, "If-None-Match: "+etag(created.Version))

	// Save with the right version, then a stale save gets 409 and the
	// current version.
	nb, err := notebooks.DecodeIPYNB(data, notebooks.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	nb.Cells = append(nb.Cells, &notebooks.Cell{Type: notebooks.Code, Source: "fmt.Println(1)"})
	body, err := notebooks.EncodeIPYNB(nb)
	if err != nil {
		t.Fatal(err)
	}
	var saved saveResponse
	e.must(t, http.StatusOK, "PUT", "/api/notebooks/projects/first.ipynb", body, &saved, "If-Match: "+etag(created.Version))
	if saved.Version == created.Version {
		t.Errorf("save kept version %s, want a new one", saved.Version)
	}
	var conflict errorBody
	e.must(t, http.StatusConflict, "PUT", "/api/notebooks/projects/first.ipynb", body, &conflict, "If-Match: "+etag(created.Version))
	if conflict.Version != string(saved.Version) || conflict.Error == "" {
		t.Errorf("stale save = %+v, want error and current version %s", conflict, saved.Version)
	}

	// Downloads.
	resp, data = e.do(t, "GET", "/api/notebooks/projects/first.ipynb?download=1&format=md", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(data), "fmt.Println(1)") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), `filename=first.md`) {
		t.Errorf("download md = %d %q (%s), want the markdown as first.md", resp.StatusCode, data, resp.Header.Get("Content-Disposition"))
	}
	resp, data = e.do(t, "GET", "/api/notebooks/projects/first.ipynb?download=1", nil)
	if resp.StatusCode != http.StatusOK || !json.Valid(data) || !strings.Contains(resp.Header.Get("Content-Disposition"), "first.ipynb") {
		t.Errorf("download ipynb = %d (%s), want JSON as first.ipynb", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	e.must(t, http.StatusBadRequest, "GET", "/api/notebooks/projects/first.ipynb?download=1&format=pdf", nil, nil)

	// Upload a Markdown notebook.
	md := "# Up\n\n```go\nfmt.Println(2)\n```\n"
	e.must(t, http.StatusCreated, "POST", "/api/notebooks", map[string]any{"path": "up.md", "content": md}, nil)
	got, err := os.ReadFile(filepath.Join(e.dir, "up.md"))
	if err != nil || !strings.Contains(string(got), "fmt.Println(2)") {
		t.Errorf("uploaded up.md = %q, %v; want the cell", got, err)
	}
	e.must(t, http.StatusBadRequest, "POST", "/api/notebooks", map[string]any{"path": "bad.ipynb", "content": "{not json"}, nil)

	// Untitled names.
	var u1, u2 saveResponse
	e.must(t, http.StatusCreated, "POST", "/api/notebooks", map[string]string{}, &u1)
	e.must(t, http.StatusCreated, "POST", "/api/notebooks", map[string]string{}, &u2)
	if u1.Path != "Untitled.ipynb" || u2.Path != "Untitled-2.ipynb" {
		t.Errorf("untitled = %q, %q; want Untitled.ipynb, Untitled-2.ipynb", u1.Path, u2.Path)
	}

	// Rename, list, delete.
	var renamed saveResponse
	e.must(t, http.StatusOK, "PATCH", "/api/notebooks/projects/first.ipynb", map[string]string{"path": "projects/second.ipynb"}, &renamed)
	if renamed.Path != "projects/second.ipynb" {
		t.Errorf("rename = %+v, want path projects/second.ipynb", renamed)
	}
	e.must(t, http.StatusNotFound, "GET", "/api/notebooks/projects/first.ipynb", nil, nil)
	e.must(t, http.StatusConflict, "PATCH", "/api/notebooks/Untitled.ipynb", map[string]string{"path": "projects/second.ipynb"}, nil)
	e.must(t, http.StatusForbidden, "PATCH", "/api/notebooks/Untitled.ipynb", map[string]string{"path": "lessons/mine.ipynb"}, nil)
	e.must(t, http.StatusOK, "GET", "/api/notebooks", nil, &list)
	var paths []string
	for _, n := range list.Notebooks {
		paths = append(paths, n.Path)
	}
	want := []string{"Untitled-2.ipynb", "Untitled.ipynb", copied.Path, "up.md", "projects/second.ipynb"}
	if strings.Join(sorted(paths), ",") != strings.Join(sorted(want), ",") {
		t.Errorf("notebooks = %v, want %v", paths, want)
	}
	// Every .ipynb the server wrote, and the lesson it served as nbformat,
	// passes the official validator.
	ipynbs := []string{copied.Path, "Untitled.ipynb", "Untitled-2.ipynb", "projects/second.ipynb"}
	docs := [][]byte{lessonJSON}
	for _, p := range ipynbs {
		if !strings.HasSuffix(p, ".ipynb") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(e.dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, data)
	}
	nbtest.Validate(t, docs...)

	e.must(t, http.StatusNoContent, "DELETE", "/api/notebooks/projects/second.ipynb", nil, nil)
	e.must(t, http.StatusNotFound, "DELETE", "/api/notebooks/projects/second.ipynb", nil, nil)
	e.must(t, http.StatusForbidden, "DELETE", "/api/notebooks/"+lesson.Path, nil, nil)
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestNotebookErrors(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		want   int
	}{
		{"get missing", "GET", "/api/notebooks/nope.ipynb", nil, http.StatusNotFound},
		{"get not a notebook", "GET", "/api/notebooks/nope.txt", nil, http.StatusBadRequest},
		{"save bad json", "PUT", "/api/notebooks/a.ipynb", "{", http.StatusBadRequest},
		{"save wrong nbformat", "PUT", "/api/notebooks/a.ipynb", `{"nbformat":3,"nbformat_minor":0,"cells":[],"metadata":{}}`, http.StatusBadRequest},
		{"create bad json", "POST", "/api/notebooks", "[1,", http.StatusBadRequest},
		{"create from and content", "POST", "/api/notebooks", map[string]any{"from": "lessons/x.md", "content": ""}, http.StatusBadRequest},
		{"copy missing lesson", "POST", "/api/notebooks", map[string]string{"from": "lessons/none.md"}, http.StatusNotFound},
		{"create in lessons", "POST", "/api/notebooks", map[string]string{"path": "lessons/mine.ipynb"}, http.StatusForbidden},
		{"rename missing", "PATCH", "/api/notebooks/none.ipynb", map[string]string{"path": "b.ipynb"}, http.StatusNotFound},
		{"rename to bad path", "PATCH", "/api/notebooks/none.ipynb", map[string]string{"path": "../b.ipynb"}, http.StatusBadRequest},
		{"rename without body", "PATCH", "/api/notebooks/none.ipynb", nil, http.StatusBadRequest},
		{"unknown route", "GET", "/api/nothing", nil, http.StatusNotFound},
		{"wrong method", "PUT", "/api/status", nil, http.StatusMethodNotAllowed},
		{"wrong content type", "POST", "/api/format", "code=1", http.StatusUnsupportedMediaType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := []string{}
			if tt.name == "wrong content type" {
				hdr = append(hdr, "Content-Type: application/x-www-form-urlencoded")
			}
			resp, data := e.do(t, tt.method, tt.path, tt.body, hdr...)
			if resp.StatusCode != tt.want {
				t.Fatalf("%s %s = %d %s, want %d", tt.method, tt.path, resp.StatusCode, data, tt.want)
			}
			var eb errorBody
			if err := json.Unmarshal(data, &eb); err != nil || eb.Error == "" {
				t.Errorf("%s %s body = %s, want JSON {\"error\": …}", tt.method, tt.path, data)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	e := newEnv(t)
	var out formatResponse
	e.must(t, http.StatusOK, "POST", "/api/format", map[string]string{"code": "x:=1\nif x>0{fmt.Println( x )}"}, &out)
	if want := "x := 1\nif x > 0 {\n\tfmt.Println(x)\n}"; out.Code != want {
		t.Errorf("format = %q, want %q", out.Code, want)
	}
	var fe formatError
	e.must(t, http.StatusBadRequest, "POST", "/api/format", map[string]string{"code": "x := \n\nfunc ("}, &fe)
	if fe.Line == 0 || fe.Error == "" {
		t.Errorf("format of broken code = %+v, want an error with a line", fe)
	}
}

func TestMarkdown(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, src string
		want      string // must appear
		not       []string
	}{
		{"heading", "# Hi *there*", "<h1>Hi <em>there</em></h1>", nil},
		{"script", "a <script>alert(1)</script> b", "a", []string{"<script", "alert(1)</script>"}},
		{"onerror", `<img src=x onerror="alert(1)">`, "", []string{"onerror", "<img src=x"}},
		{"javascript link", "[x](javascript:alert(1))", "x", []string{"javascript:"}},
		{"svg", `<svg><script>alert(1)</script></svg>`, "", []string{"<svg", "<script"}},
		{"code", "```go\nfmt.Println(1)\n```", "<pre><code", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out markdownResponse
			e.must(t, http.StatusOK, "POST", "/api/markdown", map[string]string{"source": tt.src}, &out)
			if !strings.Contains(out.HTML, tt.want) {
				t.Errorf("markdown(%q) = %q, want it to contain %q", tt.src, out.HTML, tt.want)
			}
			for _, bad := range tt.not {
				if strings.Contains(out.HTML, bad) {
					t.Errorf("markdown(%q) = %q, must not contain %q", tt.src, out.HTML, bad)
				}
			}
		})
	}
}

func TestPagesAndAssets(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/", "/nb/lessons/01-sync-vs-async.md"} {
		resp, data := e.do(t, "GET", p, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(data), "<title>gonote</title>") ||
			resp.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("GET %s = %d, Cache-Control %q, want index.html with no-cache", p, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
	resp, data := e.do(t, "GET", "/assets/app.js", nil, "-auth")
	tag := resp.Header.Get("ETag")
	if resp.StatusCode != http.StatusOK || string(data) != "console.log('gonote')\n" || tag == "" ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("GET /assets/app.js = %d %q ETag %q type %q", resp.StatusCode, data, tag, resp.Header.Get("Content-Type"))
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("GET /assets/app.js Cache-Control = %q, want no-cache", cc)
	}
	e.must(t, http.StatusNotModified, "GET", "/assets/app.js", nil, nil, "-auth", "If-None-Match: "+tag)
	resp = e.must(t, http.StatusOK, "GET", "/assets/app.js?v=abc", nil, nil, "-auth")
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("GET /assets/app.js?v=abc Cache-Control = %q, want immutable", cc)
	}
	e.must(t, http.StatusNotFound, "GET", "/assets/none.js", nil, nil, "-auth")
}

func TestLogin(t *testing.T) {
	e := newEnv(t)

	// No token: pages redirect to the login page, which is public.
	resp, _ := e.do(t, "GET", "/nb/x.ipynb", nil, "-auth")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Fnb%2Fx.ipynb" {
		t.Errorf("GET page without token = %d Location %q, want 303 to the login page", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, data := e.do(t, "GET", "/login", nil, "-auth")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(data), `data-testid="login-form"`) || strings.Contains(string(data), "<script") {
		t.Errorf("GET /login = %d, want the form and no script", resp.StatusCode)
	}

	// The token in the URL sets the cookie and redirects to the URL
	// without it.
	resp, _ = e.do(t, "GET", "/nb/x.ipynb?token="+e.token+"&a=1", nil, "-auth")
	cookie := sessionCookie(resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/nb/x.ipynb?a=1" || cookie == nil {
		t.Fatalf("GET ?token = %d Location %q cookie %v, want 303 to /nb/x.ipynb?a=1 with a cookie", resp.StatusCode, resp.Header.Get("Location"), cookie)
	}
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Value == e.token || cookie.Path != "/" {
		t.Errorf("cookie = %+v, want HttpOnly, SameSite=Strict, path /, not the token itself", cookie)
	}
	e.must(t, http.StatusOK, "GET", "/api/status", nil, nil, "-auth", "Cookie: "+cookie.Name+"="+cookie.Value)
	e.must(t, http.StatusUnauthorized, "GET", "/api/status", nil, nil, "-auth", "Cookie: "+cookie.Name+"=wrong")
	e.must(t, http.StatusUnauthorized, "GET", "/api/status?token=wrong", nil, nil, "-auth")
	e.must(t, http.StatusUnauthorized, "GET", "/api/status", nil, nil, "-auth", "Authorization: token wrong")

	// The login form.
	origin := "Origin: " + e.ts.URL
	form := "application/x-www-form-urlencoded"
	resp, _ = e.do(t, "POST", "/login", "secret=wrong&next=/nb/y.ipynb", "-auth", origin, "Content-Type: "+form)
	if resp.StatusCode != http.StatusUnauthorized || sessionCookie(resp) != nil {
		t.Errorf("login with a wrong token = %d, want 401 and no cookie", resp.StatusCode)
	}
	resp, _ = e.do(t, "POST", "/login", "secret="+e.token+"&next=https://evil.example/", "-auth", origin, "Content-Type: "+form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" || sessionCookie(resp) == nil {
		t.Errorf("login = %d Location %q, want 303 to / (not another site) with a cookie", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = e.do(t, "POST", "/login", "secret="+e.token, "-auth", "Content-Type: "+form)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("login without Origin = %d, want 403", resp.StatusCode)
	}
}

func TestPasswordLogin(t *testing.T) {
	hash, err := hashPassword("correct horse", []byte("salt"), 1000)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(c *Config) { c.Token = ""; c.PasswordHash = hash })
	if e.srv.Token() != "" {
		t.Errorf("Token() with a password = %q, want none", e.srv.Token())
	}
	origin := "Origin: " + e.ts.URL
	form := "Content-Type: application/x-www-form-urlencoded"
	resp, _ := e.do(t, "POST", "/login", "secret=wrong", "-auth", origin, form)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("password login with a wrong password = %d, want 401", resp.StatusCode)
	}
	resp, _ = e.do(t, "POST", "/login", "secret=correct+horse", "-auth", origin, form)
	c := sessionCookie(resp)
	if resp.StatusCode != http.StatusSeeOther || c == nil {
		t.Fatalf("password login = %d, want 303 with a cookie", resp.StatusCode)
	}
	e.must(t, http.StatusOK, "GET", "/api/status", nil, nil, "-auth", "Cookie: "+c.Name+"="+c.Value)

	if _, err := New(Config{Store: e.srv.cfg.Store, Start: startProcessKernel, PasswordHash: "plain"}); err == nil {
		t.Error("New with a password that is not a hash succeeded, want an error")
	}
}

func sessionCookie(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == cookieName && c.Value != "" {
			return c
		}
	}
	return nil
}

func TestHashPassword(t *testing.T) {
	h, err := HashPassword("pw")
	if err != nil {
		t.Fatal(err)
	}
	if !passwordMatches(h, "pw") || passwordMatches(h, "pW") || passwordMatches(h, "") {
		t.Errorf("HashPassword(%q) = %q does not match only its password", "pw", h)
	}
	h2, _ := HashPassword("pw")
	if h == h2 {
		t.Error("two hashes of one password are equal, want different salts")
	}
	for _, bad := range []string{"", "pw", "pbkdf2-sha256$x$c2FsdA$", "md5$1$a$b", "pbkdf2-sha256$0$c2FsdA$" + strings.Repeat("A", 43)} {
		if checkPasswordHash(bad) == nil {
			t.Errorf("checkPasswordHash(%q) = nil, want an error", bad)
		}
	}
}

// The cell-running tests below use real kernel processes.

func TestKernelLifecycle(t *testing.T) {
	e := newEnv(t)
	id := e.startKernel(t)

	var list struct{ Kernels []kernelInfo }
	e.must(t, http.StatusOK, "GET", "/api/kernels", nil, &list)
	if len(list.Kernels) != 1 || list.Kernels[0].ID != id || list.Kernels[0].State != stateIdle {
		t.Errorf("GET /api/kernels = %+v, want the one idle kernel %s", list.Kernels, id)
	}

	e.prelude(t, id)
	a := e.execJSON(t, id, "x := 41")
	if a.Status != "ok" || a.ExecutionCount != 2 {
		t.Fatalf("execute x := 41 = %+v, want ok, count 2", a)
	}
	a = e.execJSON(t, id, `fmt.Println("x is", x+1)`)
	if a.Status != "ok" || a.stdout() != "x is 42\n" || a.ExecutionCount != 3 {
		t.Errorf("execute Println = %+v, want ok, stdout %q, count 3", a, "x is 42\n")
	}
	a = e.execJSON(t, id, "_ = undefinedName + 1")
	if a.Status != "error" || a.Error == nil || !strings.Contains(a.Error.Message, "undefinedName") {
		t.Errorf("execute a compile error = %+v, want status error naming undefinedName", a)
	}
	var k kernelInfo
	e.must(t, http.StatusOK, "GET", "/api/kernels/"+id, nil, &k)
	if k.State != stateIdle || k.ExecutionCount != 4 {
		t.Errorf("GET kernel = %+v, want idle with execution count 4", k)
	}

	// Restart loses the variables.
	e.must(t, http.StatusOK, "POST", "/api/kernels/"+id+"/restart", nil, &k)
	e.prelude(t, id)
	if a = e.execJSON(t, id, "fmt.Println(x)"); a.Status != "error" {
		t.Errorf("x after restart = %+v, want an error: the variable is gone", a)
	}

	// Errors on kernels.
	e.must(t, http.StatusBadRequest, "POST", "/api/kernels/"+id+"/execute", "{", nil, "Accept: application/json")
	e.must(t, http.StatusNotFound, "POST", "/api/kernels/nope/execute", map[string]string{"code": "1"}, nil)
	e.must(t, http.StatusNotFound, "POST", "/api/kernels/nope/interrupt", nil, nil)
	e.must(t, http.StatusNotFound, "POST", "/api/kernels/nope/restart", nil, nil)
	e.must(t, http.StatusNotFound, "GET", "/api/kernels/nope/events", nil, nil)

	// A page says which notebook its kernel is for.
	var k2 kernelInfo
	e.must(t, http.StatusCreated, "POST", "/api/kernels", map[string]string{"notebook": "work/a.ipynb"}, &k2)
	if k2.Notebook != "work/a.ipynb" || k2.ID == id {
		t.Errorf("start kernel for a notebook = %+v, want a new id and notebook work/a.ipynb", k2)
	}
	e.must(t, http.StatusNoContent, "DELETE", "/api/kernels/"+k2.ID, nil, nil)

	e.must(t, http.StatusNoContent, "DELETE", "/api/kernels/"+id, nil, nil)
	e.must(t, http.StatusNotFound, "GET", "/api/kernels/"+id, nil, nil)
	e.must(t, http.StatusNotFound, "DELETE", "/api/kernels/"+id, nil, nil)
	e.must(t, http.StatusNotFound, "POST", "/api/kernels/"+id+"/execute", map[string]string{"code": "1"}, nil)
}

// TestExecuteStreams checks that output reaches the client while the cell
// still runs: the cell prints, then waits for a file that the test creates
// only after it has the first event.
func TestExecuteStreams(t *testing.T) {
	e := newEnv(t)
	id := e.startKernel(t)
	e.prelude(t, id)
	gate := filepath.Join(t.TempDir(), "go")
	code := `fmt.Println("first")
` + waitFile(gate) + `
fmt.Println("second")`
	events, _ := e.streamExecute(t, id, code)

	first := events.next(t, 30*time.Second)
	if first["type"] != "stream" || first["name"] != "stdout" || first["text"] != "first\n" {
		t.Fatalf("first event = %v, want stream stdout %q", first, "first\n")
	}
	var k kernelInfo
	e.must(t, http.StatusOK, "GET", "/api/kernels/"+id, nil, &k)
	if k.State != stateBusy {
		t.Errorf("kernel state while the cell runs = %q, want busy", k.State)
	}
	touch(t, gate)
	done, before := events.until(t, "done", 30*time.Second)
	if len(before) != 1 || before[0]["text"] != "second\n" {
		t.Errorf("events after the gate = %v, want one stream %q", before, "second\n")
	}
	if done["status"] != "ok" || done["execution_count"] != 2.0 {
		t.Errorf("done = %v, want status ok, execution_count 2", done)
	}
	if off1, off2 := first["t_ns"].(float64), before[0]["t_ns"].(float64); !(off2 > off1) {
		t.Errorf("offsets %v then %v, want increasing", off1, off2)
	}
	if d := done["duration_ns"].(float64); d <= 0 {
		t.Errorf("done duration_ns = %v, want > 0", d)
	}

	// A failing cell streams an error event before done.
	events, _ = e.streamExecute(t, id, `panic("boom")`)
	ev, _ := events.until(t, "error", 30*time.Second)
	if !strings.Contains(ev["evalue"].(string), "boom") {
		t.Errorf("error event = %v, want evalue with boom", ev)
	}
	done = events.next(t, 30*time.Second)
	if done["type"] != "done" || done["status"] != "error" {
		t.Errorf("event after error = %v, want done with status error", done)
	}
}

func TestInterrupt(t *testing.T) {
	e := newEnv(t)
	id := e.startKernel(t)
	e.prelude(t, id)
	events, _ := e.streamExecute(t, id, "fmt.Println(\"spinning\")\nfor {}")
	if ev := events.next(t, 30*time.Second); ev["text"] != "spinning\n" {
		t.Fatalf("first event = %v, want the spinning line", ev)
	}
	e.must(t, http.StatusOK, "POST", "/api/kernels/"+id+"/interrupt", nil, nil)
	done, _ := events.until(t, "done", 30*time.Second)
	if done["status"] != "interrupted" {
		t.Errorf("done after interrupt = %v, want status interrupted", done)
	}
	if a := e.execJSON(t, id, `fmt.Println("alive")`); a.stdout() != "alive\n" {
		t.Errorf("cell after interrupt = %+v, want it to run", a)
	}
}

// TestRestartWhileRunning restarts a kernel stuck in a loop: the cell ends
// as interrupted and the kernel runs cells again.
func TestRestartWhileRunning(t *testing.T) {
	e := newEnv(t)
	id := e.startKernel(t)
	e.prelude(t, id)
	events, _ := e.streamExecute(t, id, "fmt.Println(\"spinning\")\nfor {}")
	events.next(t, 30*time.Second)
	e.must(t, http.StatusOK, "POST", "/api/kernels/"+id+"/restart", nil, nil)
	done, _ := events.until(t, "done", 30*time.Second)
	if done["status"] != "interrupted" {
		t.Errorf("done after restart = %v, want interrupted", done)
	}
	e.prelude(t, id)
	if a := e.execJSON(t, id, `fmt.Println("fresh")`); a.stdout() != "fresh\n" || a.ExecutionCount != 2 {
		t.Errorf("cell after restart = %+v, want it to run as cell 2", a)
	}
}

// TestEvents checks the kernel's event stream: its state first, state
// changes, and output a goroutine writes after its cell ended.
func TestEvents(t *testing.T) {
	e := newEnv(t)
	id := e.startKernel(t)
	resp, err := http.DefaultClient.Do(e.req(t, "GET", "/api/kernels/"+id+"/events", nil))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("GET events = %d %s, want an event stream", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := readSSE(resp.Body)
	if ev := events.next(t, 10*time.Second); ev["type"] != "state" || ev["state"] != stateIdle {
		t.Fatalf("first event = %v, want state idle", ev)
	}
	e.prelude(t, id)
	for _, want := range []string{stateBusy, stateIdle} {
		if ev := events.next(t, 10*time.Second); ev["state"] != want {
			t.Fatalf("event = %v, want state %s", ev, want)
		}
	}

	gate := filepath.Join(t.TempDir(), "go")
	a := e.execJSON(t, id, "go func() {\n"+waitFile(gate)+"\nfmt.Println(\"late\")\n}()")
	if a.Status != "ok" {
		t.Fatalf("cell starting a goroutine = %+v (%+v), want ok", a, a.Error)
	}
	if ev := events.next(t, 10*time.Second); ev["state"] != stateBusy {
		t.Errorf("event = %v, want state busy", ev)
	}
	if ev := events.next(t, 10*time.Second); ev["state"] != stateIdle {
		t.Errorf("event = %v, want state idle", ev)
	}
	touch(t, gate)
	ev := events.next(t, 30*time.Second)
	if ev["type"] != "stream" || ev["text"] != "late\n" || ev["late"] != true || ev["cell"] != 2.0 {
		t.Errorf("late event = %v, want stream late of cell 2", ev)
	}

	// Deleting the kernel ends the stream with state dead.
	e.must(t, http.StatusNoContent, "DELETE", "/api/kernels/"+id, nil, nil)
	if ev := events.next(t, 10*time.Second); ev["state"] != stateDead {
		t.Errorf("event after delete = %v, want state dead", ev)
	}
}

// TestIdleKernelsReaped: a kernel that ran nothing for the idle timeout is
// shut down, unless a page listens to its events. The reaper's clock jumps
// two hours once both kernels are set up.
func TestIdleKernelsReaped(t *testing.T) {
	var later atomic.Bool
	e := newEnv(t, func(c *Config) {
		c.Limits = Limits{IdleTimeout: time.Hour}
		c.reapEvery = 10 * time.Millisecond
		c.reapClock = func() time.Time {
			if later.Load() {
				return time.Now().Add(2 * time.Hour)
			}
			return time.Now()
		}
	})
	watched := e.startKernel(t)
	resp, err := http.DefaultClient.Do(e.req(t, "GET", "/api/kernels/"+watched+"/events", nil))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := readSSE(resp.Body)
	events.next(t, 10*time.Second) // the stream is registered
	idle := e.startKernel(t)
	later.Store(true)

	deadline := time.Now().Add(30 * time.Second)
	for {
		r, _ := e.do(t, "GET", "/api/kernels/"+idle, nil)
		if r.StatusCode == http.StatusNotFound {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("idle kernel still there 30 s after the clock jumped past its idle timeout")
		}
		time.Sleep(10 * time.Millisecond) // polling for the reaper, with a deadline
	}
	// The reaper looked at both kernels in the same pass; the watched one,
	// idle as long, stays.
	e.must(t, http.StatusOK, "GET", "/api/kernels/"+watched, nil, nil)
}

// TestClientGoneInterrupts: a client that leaves while its cell runs
// interrupts the cell, so a forgotten tab does not keep a core busy.
func TestClientGoneInterrupts(t *testing.T) {
	e := newEnv(t)
	id := e.startKernel(t)
	e.prelude(t, id)
	events, resp := e.streamExecute(t, id, "fmt.Println(\"spinning\")\nfor {}")
	if ev := events.next(t, 30*time.Second); ev["text"] != "spinning\n" {
		t.Fatalf("first event = %v, want the spinning line", ev)
	}
	resp.Body.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var k kernelInfo
		e.must(t, http.StatusOK, "GET", "/api/kernels/"+id, nil, &k)
		if k.State == stateIdle {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("kernel still %s 30 s after its client left", k.State)
		}
		time.Sleep(20 * time.Millisecond) // polling the state, with a deadline
	}
	if a := e.execJSON(t, id, `fmt.Println("next")`); a.stdout() != "next\n" {
		t.Errorf("cell after the client left = %+v, want it to run", a)
	}
}

// TestKernelDies: a cell that ends its worker process (here by going over
// the kernel's memory limit) is a result with status "kernel died", and the
// kernel runs the next cell in a fresh worker.
func TestKernelDies(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Start = func(ctx context.Context, late func(kernel.Chunk)) (Kernel, error) {
			exe, err := os.Executable()
			if err != nil {
				return nil, err
			}
			return kernel.Start(ctx, kernel.Config{
				Command:     []string{exe},
				Env:         []string{workerEnv + "=1"},
				Late:        late,
				MemoryLimit: 64 << 20,
			})
		}
	})
	id := e.startKernel(t)
	events, _ := e.streamExecute(t, id, "b := make([]byte, 512<<20)\nfor i := range b {\nb[i] = 1\n}")
	done, before := events.until(t, "done", 60*time.Second)
	if done["status"] != "kernel died" {
		t.Fatalf("done after going over the memory limit = %v (after %v), want status kernel died", done, before)
	}
	var k kernelInfo
	e.must(t, http.StatusOK, "GET", "/api/kernels/"+id, nil, &k)
	if k.State != stateIdle {
		t.Errorf("kernel state after its worker died = %q, want idle (a fresh worker)", k.State)
	}
	if a := e.execJSON(t, id, "x := 1\n_ = x"); a.Status != "ok" {
		t.Errorf("cell after the worker died = %+v, want it to run", a)
	}
}

// TestCloseShutsKernelsDown: Close ends every kernel and event stream, and
// the API starts no kernel after it.
func TestCloseShutsKernelsDown(t *testing.T) {
	var (
		mu      sync.Mutex
		started []*kernel.Kernel
	)
	e := newEnv(t, func(c *Config) {
		c.Start = func(ctx context.Context, late func(kernel.Chunk)) (Kernel, error) {
			k, err := startProcessKernel(ctx, late)
			if err == nil {
				mu.Lock()
				started = append(started, k.(*kernel.Kernel))
				mu.Unlock()
			}
			return k, err
		}
	})
	id := e.startKernel(t)
	e.startKernel(t)
	resp, err := http.DefaultClient.Do(e.req(t, "GET", "/api/kernels/"+id+"/events", nil))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := readSSE(resp.Body)
	events.next(t, 10*time.Second)

	if err := e.srv.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	mu.Lock()
	for i, k := range started {
		if s := k.State(); s != kernel.StateDead {
			t.Errorf("kernel %d after Close is %s, want dead", i, s)
		}
	}
	mu.Unlock()
	if ev := events.next(t, 10*time.Second); ev["state"] != stateDead {
		t.Errorf("event after Close = %v, want state dead", ev)
	}
	e.must(t, http.StatusGone, "POST", "/api/kernels", nil, nil)
	if n := e.srv.kernels.len(); n != 0 {
		t.Errorf("%d kernels after Close, want 0", n)
	}
}
