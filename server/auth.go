package server

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// cookieName is the session cookie set once the caller proved they hold the
// token or the password.
const cookieName = "gonote_session"

// passwordIterations is the PBKDF2-SHA256 work factor for new password hashes.
const passwordIterations = 600_000

// NewToken returns a random token of 32 bytes in URL-safe base64.
func NewToken() string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(32))
}

// randomBytes returns n bytes from the system's secure random source.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	// crypto/rand.Read never returns an error on supported platforms.
	rand.Read(b)
	return b
}

// HashPassword returns password hashed with PBKDF2-SHA256 and a random salt,
// as "pbkdf2-sha256$ITERATIONS$SALT$HASH" (salt and hash in base64). The
// result is what "gonote serve --password" takes.
func HashPassword(password string) (string, error) {
	return hashPassword(password, randomBytes(16), passwordIterations)
}

func hashPassword(password string, salt []byte, iter int) (string, error) {
	key, err := pbkdf2.Key(sha256.New, password, salt, iter, 32)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", iter, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// errBadHash is returned for a --password value that is not a hash made by
// HashPassword.
var errBadHash = errors.New(`password hash must look like "pbkdf2-sha256$ITERATIONS$SALT$HASH" (make one with "gonote serve --hash-password")`)

// checkPasswordHash reports whether hash has the form HashPassword produces.
func checkPasswordHash(hash string) error {
	_, _, _, err := parsePasswordHash(hash)
	return err
}

func parsePasswordHash(hash string) (iter int, salt, key []byte, err error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return 0, nil, nil, errBadHash
	}
	iter, err = strconv.Atoi(parts[1])
	if err != nil || iter < 1 || iter > 100_000_000 {
		return 0, nil, nil, errBadHash
	}
	enc := base64.RawStdEncoding
	if salt, err = enc.DecodeString(parts[2]); err != nil || len(salt) == 0 {
		return 0, nil, nil, errBadHash
	}
	if key, err = enc.DecodeString(parts[3]); err != nil || len(key) != 32 {
		return 0, nil, nil, errBadHash
	}
	return iter, salt, key, nil
}

// passwordMatches reports, in constant time for a given hash, whether
// password hashes to hash.
func passwordMatches(hash, password string) bool {
	iter, salt, key, err := parsePasswordHash(hash)
	if err != nil {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, password, salt, iter, 32)
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(got, key) == 1
}

// auth holds the server's secrets. It is immutable after New.
type auth struct {
	off          bool   // --no-auth on a loopback address
	token        string // the token; empty when only a password is set
	passwordHash string // the --password hash, or empty
	// session is the cookie value: random, made at start, never the token
	// itself, so a leaked cookie does not reveal the token.
	session string
}

// equal compares two secrets in constant time.
func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// credential says how a request proved it holds the token.
type credential int

const (
	credNone   credential = iota
	credCookie            // the session cookie
	credHeader            // Authorization: token T
	credQuery             // ?token=T
	credOff               // auth is off
)

// check returns how r is authenticated, or credNone.
func (a *auth) check(r *http.Request) credential {
	if a.off {
		return credOff
	}
	if c, err := r.Cookie(cookieName); err == nil && equal(c.Value, a.session) {
		return credCookie
	}
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, value, _ := strings.Cut(h, " ")
		if strings.EqualFold(scheme, "token") && a.tokenMatches(strings.TrimSpace(value)) {
			return credHeader
		}
	}
	if q := r.URL.Query().Get("token"); q != "" && a.tokenMatches(q) {
		return credQuery
	}
	return credNone
}

func (a *auth) tokenMatches(t string) bool {
	return a.token != "" && equal(t, a.token)
}

// secretMatches reports whether a secret typed into the login page is the
// token or the password.
func (a *auth) secretMatches(s string) bool {
	if a.tokenMatches(s) {
		return true
	}
	return a.passwordHash != "" && passwordMatches(a.passwordHash, s)
}

// setCookie gives the client the session cookie: HttpOnly so page script
// cannot read it, SameSite=Strict so no other site's page can send it.
func (a *auth) setCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name:     cookieName,
		Value:    a.session,
		Path:     "/",
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteStrictMode,
	})
}
