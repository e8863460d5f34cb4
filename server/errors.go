package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"gonote/kernel"
	"gonote/notebooks"
)

// httpError is an error the server itself raises, with the status to answer.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

// errf returns an httpError with a formatted message.
func errf(status int, format string, args ...any) error {
	return &httpError{status: status, msg: fmt.Sprintf(format, args...)}
}

// errKernelNotFound is returned for a kernel id the server does not know.
var errKernelNotFound = errors.New("no such kernel")

// statusOf maps an error to the HTTP status that answers it. It is the one
// place where errors from the notebooks and kernel packages meet HTTP.
func statusOf(err error) int {
	var he *httpError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		return he.status
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, notebooks.ErrNotFound), errors.Is(err, errKernelNotFound):
		return http.StatusNotFound
	case errors.Is(err, notebooks.ErrBadPath), errors.Is(err, notebooks.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, notebooks.ErrReadOnly):
		return http.StatusForbidden
	case errors.Is(err, notebooks.ErrExists), errors.Is(err, notebooks.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, notebooks.ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, kernel.ErrBusy):
		return http.StatusConflict
	case errors.Is(err, kernel.ErrLimit):
		return http.StatusServiceUnavailable
	case errors.Is(err, kernel.ErrDead):
		return http.StatusGone
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON shape of every error answer.
type errorBody struct {
	Error string `json:"error"`
	// Version is the notebook's current version, on a save conflict.
	Version string `json:"version,omitempty"`
}

// abort answers err as JSON {"error": …} with its status and stops the
// handler chain. Server errors are logged once, here; their text still
// reaches the client, which is the same user.
func abort(c *gin.Context, err error) {
	status := statusOf(err)
	if status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests {
		c.Header("Retry-After", "5")
	}
	if status >= 500 {
		_ = c.Error(err)
	}
	c.AbortWithStatusJSON(status, errorBody{Error: err.Error()})
}
