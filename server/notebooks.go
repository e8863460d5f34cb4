package server

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gonote/notebooks"
)

// notebookPath takes the path of a notebook from the URL and refuses it
// unless it is a store path: relative, no "..", no hidden or encoded
// elements (see notebooks.CheckPath). The store checks again and refuses
// symbolic links that lead outside its folder.
func (s *Server) notebookPath(c *gin.Context) (string, error) {
	return s.checkName(trimSlash(c.Param("path")))
}

// checkName refuses a notebook path that is too long (413) or not a store
// path (400).
func (s *Server) checkName(p string) (string, error) {
	if len(p) > s.limits.NameBytes {
		return "", errf(http.StatusRequestEntityTooLarge, "notebook path is %d bytes, the limit is %d", len(p), s.limits.NameBytes)
	}
	if err := notebooks.CheckPath(p); err != nil {
		return "", err
	}
	return p, nil
}

// listEntry is one notebook or lesson in GET /api/notebooks.
type listEntry struct {
	notebooks.Entry
	// Order is a lesson's place in the library (from its file name).
	Order int `json:"order,omitempty"`
}

// listResponse answers GET /api/notebooks.
type listResponse struct {
	Notebooks []listEntry `json:"notebooks"`
	Lessons   []listEntry `json:"lessons"`
}

// handleListNotebooks lists the user's notebooks and the lessons apart.
func (s *Server) handleListNotebooks(c *gin.Context) {
	all, err := s.cfg.Store.List(c.Request.Context())
	if err != nil {
		abort(c, err)
		return
	}
	resp := listResponse{Notebooks: []listEntry{}, Lessons: []listEntry{}}
	for _, e := range all {
		if e.Kind == notebooks.KindLesson {
			resp.Lessons = append(resp.Lessons, listEntry{Entry: e, Order: lessonOrder(e.Name)})
			continue
		}
		resp.Notebooks = append(resp.Notebooks, listEntry{Entry: e})
	}
	c.JSON(http.StatusOK, resp)
}

// lessonOrder reads the number a lesson's file name starts with.
func lessonOrder(name string) int {
	end := 0
	for end < len(name) && name[end] >= '0' && name[end] <= '9' {
		end++
	}
	n, _ := strconv.Atoi(name[:end])
	return n
}

// etag quotes a notebook version as an entity tag.
func etag(v notebooks.Version) string { return `"` + string(v) + `"` }

// versionFromETag reads a version from an If-Match header.
func versionFromETag(h string) notebooks.Version {
	h = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(h), "W/"))
	return notebooks.Version(strings.Trim(h, `"`))
}

// handleGetNotebook answers a notebook as nbformat JSON, whatever its file
// format, with its version as the ETag. With ?download=1 it answers the file
// as an attachment, in ?format=ipynb (default) or md.
func (s *Server) handleGetNotebook(c *gin.Context) {
	p, err := s.notebookPath(c)
	if err != nil {
		abort(c, err)
		return
	}
	nb, v, err := s.cfg.Store.Get(c.Request.Context(), p)
	if err != nil {
		abort(c, err)
		return
	}
	c.Header("ETag", etag(v))
	if c.Query("download") != "" {
		s.download(c, p, nb)
		return
	}
	if match := c.GetHeader("If-None-Match"); match != "" && etagMatches(match, etag(v)) {
		c.Status(http.StatusNotModified)
		return
	}
	data, err := notebooks.EncodeIPYNB(nb)
	if err != nil {
		abort(c, fmt.Errorf("encode %s: %w", p, err))
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", data)
}

// download answers the notebook as a file to save.
func (s *Server) download(c *gin.Context, p string, nb *notebooks.Notebook) {
	format := c.DefaultQuery("format", "ipynb")
	var data []byte
	var err error
	var ctype string
	switch format {
	case "ipynb":
		data, err = notebooks.EncodeIPYNB(nb)
		ctype = "application/x-ipynb+json"
	case "md":
		data, err = notebooks.EncodeMarkdown(nb)
		ctype = "text/markdown; charset=utf-8"
	default:
		abort(c, errf(http.StatusBadRequest, "format %q: want ipynb or md", format))
		return
	}
	if err != nil {
		abort(c, fmt.Errorf("encode %s as %s: %w", p, format, err))
		return
	}
	base := strings.TrimSuffix(path.Base(p), path.Ext(p)) + "." + format
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": base}))
	c.Data(http.StatusOK, ctype, data)
}

// readNotebook decodes a request body as a notebook: nbformat JSON, or a
// Markdown notebook when sent as text/markdown.
func (s *Server) readNotebook(c *gin.Context) (*notebooks.Notebook, error) {
	data, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errf(http.StatusRequestEntityTooLarge, "notebook is over the request limit of %d bytes", mbe.Limit)
		}
		return nil, fmt.Errorf("read request: %w", err)
	}
	if c.ContentType() == "text/markdown" {
		return notebooks.DecodeMarkdown(data, s.cfg.NotebookLimits)
	}
	return notebooks.DecodeIPYNB(data, s.cfg.NotebookLimits)
}

// saveResponse answers a save, create, copy or rename.
type saveResponse struct {
	Path    string            `json:"path"`
	Version notebooks.Version `json:"version"`
}

// handleSaveNotebook saves a notebook atomically. With If-Match, a save
// based on an older version than the file's is refused with 409 and the
// current version, so the page can offer reload, overwrite or copy.
func (s *Server) handleSaveNotebook(c *gin.Context) {
	p, err := s.notebookPath(c)
	if err != nil {
		abort(c, err)
		return
	}
	nb, err := s.readNotebook(c)
	if err != nil {
		abort(c, err)
		return
	}
	ctx := c.Request.Context()
	v, err := s.cfg.Store.Save(ctx, p, nb, versionFromETag(c.GetHeader("If-Match")))
	if errors.Is(err, notebooks.ErrConflict) {
		body := errorBody{Error: err.Error()}
		if _, cur, gerr := s.cfg.Store.Get(ctx, p); gerr == nil {
			body.Version = string(cur)
			c.Header("ETag", etag(cur))
		}
		c.AbortWithStatusJSON(http.StatusConflict, body)
		return
	}
	if err != nil {
		abort(c, err)
		return
	}
	c.Header("ETag", etag(v))
	c.JSON(http.StatusOK, saveResponse{Path: p, Version: v})
}

// createRequest is the body of POST /api/notebooks: a new empty notebook at
// Path, a copy of From (at Path, or a free name), or an uploaded file's
// Content (decoded by the extension of Path).
type createRequest struct {
	Path    string  `json:"path"`
	From    string  `json:"from"`
	Content *string `json:"content"`
}

// handleCreateNotebook creates, copies or uploads a notebook; see
// createRequest.
func (s *Server) handleCreateNotebook(c *gin.Context) {
	var req createRequest
	if err := s.bindJSON(c, &req); err != nil {
		abort(c, err)
		return
	}
	ctx := c.Request.Context()
	st := s.cfg.Store
	if req.Path != "" {
		if _, err := s.checkName(req.Path); err != nil {
			abort(c, err)
			return
		}
	}
	var (
		p   = req.Path
		v   notebooks.Version
		err error
	)
	switch {
	case req.From != "" && req.Content != nil:
		err = errf(http.StatusBadRequest, `give "from" or "content", not both`)
	case req.From != "":
		if _, err = s.checkName(req.From); err == nil {
			p, v, err = st.Copy(ctx, req.From, req.Path)
		}
	case req.Content != nil:
		if p == "" {
			err = errf(http.StatusBadRequest, `an upload needs a "path"`)
			break
		}
		var nb *notebooks.Notebook
		if nb, err = notebooks.Decode(p, []byte(*req.Content), s.cfg.NotebookLimits); err == nil {
			v, err = st.Create(ctx, p, nb)
		}
	case p != "":
		v, err = st.Create(ctx, p, nil)
	default:
		p, v, err = s.createUntitled(c)
	}
	if err != nil {
		abort(c, err)
		return
	}
	c.Header("ETag", etag(v))
	c.Header("Location", "/api/notebooks/"+p)
	c.JSON(http.StatusCreated, saveResponse{Path: p, Version: v})
}

// createUntitled creates an empty notebook under the first free name of
// Untitled.ipynb, Untitled-2.ipynb, ...
func (s *Server) createUntitled(c *gin.Context) (string, notebooks.Version, error) {
	for n := 1; n <= 1000; n++ {
		p := "Untitled.ipynb"
		if n > 1 {
			p = fmt.Sprintf("Untitled-%d.ipynb", n)
		}
		v, err := s.cfg.Store.Create(c.Request.Context(), p, nil)
		if !errors.Is(err, notebooks.ErrExists) {
			return p, v, err
		}
	}
	return "", "", fmt.Errorf("create notebook: %w: no free Untitled name", notebooks.ErrExists)
}

// renameRequest is the body of PATCH /api/notebooks/{path}.
type renameRequest struct {
	Path string `json:"path"`
}

// handleRenameNotebook moves a notebook to a new path.
func (s *Server) handleRenameNotebook(c *gin.Context) {
	from, err := s.notebookPath(c)
	if err != nil {
		abort(c, err)
		return
	}
	var req renameRequest
	if err := s.bindJSON(c, &req); err != nil {
		abort(c, err)
		return
	}
	to, err := s.checkName(req.Path)
	if err != nil {
		abort(c, err)
		return
	}
	v, err := s.cfg.Store.Rename(c.Request.Context(), from, to)
	if err != nil {
		abort(c, err)
		return
	}
	c.Header("ETag", etag(v))
	c.JSON(http.StatusOK, saveResponse{Path: to, Version: v})
}

// handleDeleteNotebook deletes a user notebook; lessons are read-only.
func (s *Server) handleDeleteNotebook(c *gin.Context) {
	p, err := s.notebookPath(c)
	if err != nil {
		abort(c, err)
		return
	}
	if err := s.cfg.Store.Delete(c.Request.Context(), p); err != nil {
		abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
