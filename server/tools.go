package server

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"go/scanner"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// formatRequest is the body of POST /api/format.
type formatRequest struct {
	Code string `json:"code"`
}

// formatResponse answers POST /api/format.
type formatResponse struct {
	Code string `json:"code"`
}

// formatError answers POST /api/format when the code does not parse.
type formatError struct {
	Error string `json:"error"`
	Line  int    `json:"line,omitempty"`
	Col   int    `json:"col,omitempty"`
}

// handleFormat runs gofmt over a cell. A cell may be a whole file, a list of
// declarations or a list of statements; go/format handles all three.
func (s *Server) handleFormat(c *gin.Context) {
	var req formatRequest
	if err := s.bindJSON(c, &req); err != nil {
		abort(c, err)
		return
	}
	if err := s.checkCellSize(req.Code); err != nil {
		abort(c, err)
		return
	}
	out, err := formatCell(req.Code)
	if err != nil {
		var list scanner.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			e := list[0]
			c.JSON(http.StatusBadRequest, formatError{
				Error: fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Column, e.Msg),
				Line:  e.Pos.Line, Col: e.Pos.Column,
			})
			return
		}
		abort(c, errf(http.StatusBadRequest, "format: %v", err))
		return
	}
	c.JSON(http.StatusOK, formatResponse{Code: out})
}

// formatCell formats src with go/format, keeping a cell without a final
// newline without one.
func formatCell(src string) (string, error) {
	out, err := format.Source([]byte(src))
	if err != nil {
		return "", err
	}
	if !strings.HasSuffix(src, "\n") {
		out = bytes.TrimRight(out, "\n")
	}
	return string(out), nil
}

// markdownRequest is the body of POST /api/markdown.
type markdownRequest struct {
	Source string `json:"source"`
}

// markdownResponse answers POST /api/markdown.
type markdownResponse struct {
	HTML string `json:"html"`
}

// renderer turns markdown into HTML that cannot run script.
type renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newRenderer() *renderer {
	// goldmark escapes raw HTML unless told otherwise; bluemonday is the
	// second wall, for whatever a goldmark extension might let through.
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("code", "pre", "span")
	return &renderer{md: md, policy: p}
}

// render returns the sanitized HTML of src.
func (r *renderer) render(src string) (string, error) {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return r.policy.Sanitize(buf.String()), nil
}

// handleMarkdown renders a markdown cell for display.
func (s *Server) handleMarkdown(c *gin.Context) {
	var req markdownRequest
	if err := s.bindJSON(c, &req); err != nil {
		abort(c, err)
		return
	}
	if err := s.checkCellSize(req.Source); err != nil {
		abort(c, err)
		return
	}
	html, err := s.markdown.render(req.Source)
	if err != nil {
		abort(c, err)
		return
	}
	c.JSON(http.StatusOK, markdownResponse{HTML: html})
}
