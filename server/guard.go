package server

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
)

// contentSecurityPolicy allows script only from the server's own files: no
// inline script, no eval, no plugins, no framing. Inline styles are allowed
// because the editor (CodeMirror) sets element styles from script; styles
// cannot run code.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
	"frame-ancestors 'none'"

// securityHeaders sets the headers every response carries, refusals and
// not-found answers included.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	c.Next()
}

// hostGuard refuses requests whose Host header is not an allowed name. A
// DNS-rebinding page reaches the server under the attacker's own host name,
// which is not on the list.
func (s *Server) hostGuard(c *gin.Context) {
	if !s.hostAllowed(c.Request.Host) {
		abort(c, errf(http.StatusForbidden, "host %q is not allowed; start gonote with --allow-host %s to allow it",
			c.Request.Host, hostname(c.Request.Host)))
		return
	}
	c.Next()
}

// hostname returns host without its port and IPv6 brackets, in lower case.
func hostname(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
}

func (s *Server) hostAllowed(host string) bool {
	if host == "" {
		return false
	}
	_, ok := s.allowHosts[hostname(host)]
	return ok
}

// isStateChanging reports whether a method may change state on the server.
func isStateChanging(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// originGuard refuses cross-site requests, against CSRF:
//   - an Origin header, when present, must be this server's own origin;
//   - a Sec-Fetch-Site header, when present, must say same-origin or none
//     (typed by the user) on API routes, which covers EventSource streams
//     that browsers send without an Origin;
//   - a state-changing request must carry a matching Origin, unless it
//     authenticates with an Authorization header: a cross-site page cannot
//     make a browser send that header without CORS, which gonote never
//     grants, so such a client (curl, scripts) is not a browser being
//     tricked.
func (s *Server) originGuard(c *gin.Context) {
	r := c.Request
	origin := r.Header.Get("Origin")
	if origin != "" && !sameOrigin(origin, r.Host) {
		abort(c, errf(http.StatusForbidden, "cross-site request refused: origin %q does not match host %q", origin, r.Host))
		return
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" &&
		(strings.HasPrefix(r.URL.Path, "/api/") || isStateChanging(r.Method)) {
		abort(c, errf(http.StatusForbidden, "cross-site request refused (Sec-Fetch-Site: %s)", site))
		return
	}
	if origin == "" && isStateChanging(r.Method) && !hasAuthorizationHeader(r) {
		abort(c, errf(http.StatusForbidden, "request without an Origin header refused: browsers send one; "+
			"other clients should send the token as \"Authorization: token T\""))
		return
	}
	c.Next()
}

func hasAuthorizationHeader(r *http.Request) bool {
	return r.Header.Get("Authorization") != ""
}

// sameOrigin reports whether origin (scheme://host[:port]) names host. The
// scheme is not compared: behind a TLS proxy the browser says https while the
// server sees plain HTTP; the host and port must match exactly.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.Path != "" || u.User != nil || u.RawQuery != "" {
		return false
	}
	return strings.EqualFold(u.Host, host)
}

// authGuard refuses requests that do not hold the token. A valid ?token= on
// a GET sets the session cookie; for a page, the client is then redirected
// to the same URL without the token, so it does not linger in the address
// bar or the history.
func (s *Server) authGuard(c *gin.Context) {
	cred := s.auth.check(c.Request)
	switch cred {
	case credNone:
		if c.Request.Method == http.MethodGet && !strings.HasPrefix(c.Request.URL.Path, "/api/") {
			c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		abort(c, errf(http.StatusUnauthorized, "missing or wrong token: send \"Authorization: token T\" or open the URL gonote printed"))
		return
	case credQuery:
		s.auth.setCookie(c.Writer, c.Request.TLS != nil)
		if c.Request.Method == http.MethodGet && !strings.HasPrefix(c.Request.URL.Path, "/api/") {
			u := *c.Request.URL
			q := u.Query()
			q.Del("token")
			u.RawQuery = q.Encode()
			c.Redirect(http.StatusSeeOther, u.RequestURI())
			c.Abort()
			return
		}
	}
	c.Next()
}
