package server

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// asset is one file of the front end, read once at start.
type asset struct {
	data  []byte
	etag  string
	ctype string
}

// assets is the front end held in memory: index.html and the files under
// /assets/.
type assets struct {
	index *asset
	files map[string]*asset // by name under /assets/, without the prefix
}

// newAssets reads the front end from fsys. index.html is at its root; the
// other files are served under /assets/ by their path, with a leading
// "assets/" directory removed when fsys has one. A nil fsys serves a bare
// page saying the front end is missing.
func newAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: map[string]*asset{}}
	if fsys == nil {
		a.index = newAsset("index.html", []byte("<!doctype html><title>gonote</title><p>The front end is not built into this binary.</p>\n"))
		return a, nil
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if p == "index.html" {
			a.index = newAsset(p, data)
			return nil
		}
		a.files[strings.TrimPrefix(p, "assets/")] = newAsset(p, data)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read front end: %w", err)
	}
	if a.index == nil {
		return nil, errors.New("read front end: no index.html")
	}
	return a, nil
}

func newAsset(name string, data []byte) *asset {
	sum := sha256.Sum256(data)
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	return &asset{data: data, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, ctype: ctype}
}

// serve answers with the asset, or 304 when the client holds this version.
func (a *asset) serve(c *gin.Context, cacheControl string) {
	c.Header("ETag", a.etag)
	c.Header("Cache-Control", cacheControl)
	if match := c.GetHeader("If-None-Match"); match != "" && etagMatches(match, a.etag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, a.ctype, a.data)
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// handleAsset serves a static file. Assets are public: they hold no data,
// only the program that asks for it. An asset asked for with a version
// (?v=…, which index.html changes with every build) is cached for good;
// otherwise it is revalidated with its ETag.
func (s *Server) handleAsset(c *gin.Context) {
	a, ok := s.assets.files[trimSlash(c.Param("file"))]
	if !ok {
		abort(c, errf(http.StatusNotFound, "no asset %s", c.Param("file")))
		return
	}
	if c.Query("v") != "" {
		a.serve(c, "public, max-age=31536000, immutable")
		return
	}
	a.serve(c, "no-cache")
}

// handleIndex serves the single page that is the home page and every
// notebook page; the front end reads the path. It is always revalidated.
func (s *Server) handleIndex(c *gin.Context) {
	s.assets.index.serve(c, "no-cache")
}

// loginPage is the page that asks for the token or password. It has no
// script at all.
var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gonote: log in</title>
<style>
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { display: grid; place-items: center; min-height: 90vh; margin: 0; }
form { display: grid; gap: .75rem; width: min(24rem, 90vw); }
input, button { font: inherit; padding: .5rem .6rem; }
.error { color: #c62828; }
</style>
</head>
<body>
<main>
<h1>gonote</h1>
<form method="post" action="/login" data-testid="login-form">
<label for="secret">{{if .Password}}Password or token{{else}}Token{{end}}</label>
<input id="secret" name="secret" type="password" autocomplete="current-password" autofocus required data-testid="login-secret">
<input type="hidden" name="next" value="{{.Next}}">
{{if .Error}}<p class="error" role="alert" data-testid="login-error">{{.Error}}</p>{{end}}
<button type="submit" data-testid="login-submit">Log in</button>
<p>The token is in the URL gonote printed when it started.</p>
</form>
</main>
</body>
</html>
`))

type loginData struct {
	Password bool
	Next     string
	Error    string
}

// safeNext returns next when it is a path on this server, "/" otherwise, so
// the login page cannot be used to redirect to another site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

// handleLoginPage shows the login form, or goes on to next when the
// client is already logged in.
func (s *Server) handleLoginPage(c *gin.Context) {
	next := safeNext(c.Query("next"))
	// Already logged in, or holding the token in the URL: go on.
	switch s.auth.check(c.Request) {
	case credQuery:
		s.auth.setCookie(c.Writer, c.Request.TLS != nil)
		fallthrough
	case credCookie, credOff:
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	s.renderLogin(c, http.StatusOK, loginData{Password: s.auth.passwordHash != "", Next: next})
}

func (s *Server) renderLogin(c *gin.Context, status int, d loginData) {
	c.Header("Cache-Control", "no-store")
	c.Status(status)
	c.Header("Content-Type", "text/html; charset=utf-8")
	if err := loginPage.Execute(c.Writer, d); err != nil {
		_ = c.Error(fmt.Errorf("render login page: %w", err))
	}
}

// handleLogin checks a token or password typed into the login page. Wrong
// guesses are rate-limited per client.
func (s *Server) handleLogin(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 64<<10)
	next := safeNext(c.PostForm("next"))
	d := loginData{Password: s.auth.passwordHash != "", Next: next}
	if !s.starts.allow("login "+c.ClientIP(), time.Now()) {
		d.Error = "Too many attempts; wait a minute."
		s.renderLogin(c, http.StatusTooManyRequests, d)
		return
	}
	if s.auth.off || s.auth.secretMatches(c.PostForm("secret")) {
		s.auth.setCookie(c.Writer, c.Request.TLS != nil)
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	d.Error = "That is not the token or password."
	s.renderLogin(c, http.StatusUnauthorized, d)
}

// handleLogout forgets the session cookie in this browser.
func (s *Server) handleLogout(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	c.Redirect(http.StatusSeeOther, "/login")
}
