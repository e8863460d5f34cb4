package server

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

// sseWriter writes server-sent events, flushing each one so it reaches the
// client the moment it happens. After a write fails (the client left) it
// drops the rest.
type sseWriter struct {
	w      gin.ResponseWriter
	failed bool
}

// startSSE sends the headers of an event stream at once, so the client
// knows the stream is open before the first event.
func startSSE(c *gin.Context) *sseWriter {
	h := c.Writer.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// Proxies such as nginx buffer responses unless told not to.
	h.Set("X-Accel-Buffering", "no")
	c.Writer.WriteHeader(http.StatusOK)
	c.Writer.Flush()
	return &sseWriter{w: c.Writer}
}

// send writes ev as one "data:" line of JSON. JSON never holds a raw
// newline, so one line is always enough.
func (s *sseWriter) send(ev any) {
	data, err := json.Marshal(ev)
	if err != nil {
		data, _ = json.Marshal(map[string]string{"type": "error", "ename": "server error", "evalue": err.Error()})
	}
	s.write("data: " + string(data) + "\n\n")
}

// comment writes a comment line, which keeps idle connections open
// through proxies and lets the server notice a client that left.
func (s *sseWriter) comment() { s.write(": keep-alive\n\n") }

func (s *sseWriter) write(text string) {
	if s.failed {
		return
	}
	if _, err := io.WriteString(s.w, text); err != nil {
		s.failed = true
		return
	}
	s.w.Flush()
}
