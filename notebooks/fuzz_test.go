package notebooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
)

// addSeeds adds the files of testdata and the lessons with the given
// extension to f's seed corpus (on top of testdata/fuzz/).
func addSeeds(f *testing.F, ext string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"+ext))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	if ext == ".md" {
		lessons, _ := fs.Glob(lessonFiles, "lessons/*.md")
		for _, p := range lessons {
			if data, err := fs.ReadFile(lessonFiles, p); err == nil {
				f.Add(data)
			}
		}
	}
}

// FuzzDecodeIPYNB checks that the .ipynb reader never panics, refuses bad
// input only with ErrInvalid or ErrTooLarge, and that what it accepts is
// written out and read back to the same cells, the second write equal to
// the first byte for byte.
func FuzzDecodeIPYNB(f *testing.F) {
	addSeeds(f, ".ipynb")
	f.Add([]byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}`))
	f.Add([]byte(`{"nbformat": 4, "nbformat_minor": 2, "metadata": {"x": [1.5e300, null]}, "cells": [{"cell_type": "code", "source": "a\rb\u2028c", "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": ["x\n", "y"]}], "execution_count": null}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSplit(t, data)
		nb, err := DecodeIPYNB(data, Limits{FileSize: 1 << 20})
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("DecodeIPYNB error %v is neither ErrInvalid nor ErrTooLarge", err)
			}
			return
		}
		out, err := EncodeIPYNB(nb)
		if err != nil {
			t.Fatalf("EncodeIPYNB of an accepted notebook: %v", err)
		}
		nb2, err := DecodeIPYNB(out, Limits{FileSize: 4 << 20})
		if err != nil {
			t.Fatalf("written notebook does not read back: %v\n%s", err, out)
		}
		if diff := cmp.Diff(cellSummary(nb), cellSummary(nb2)); diff != "" {
			t.Fatalf("cells changed by a write (-before +after):\n%s", diff)
		}
		out2, err := EncodeIPYNB(nb2)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("second write differs (%v):\n%s", err, cmp.Diff(string(out), string(out2)))
		}
	})
}

// cellSummary is what must survive a round trip of any notebook.
func cellSummary(nb *Notebook) []string {
	var s []string
	for _, c := range nb.Cells {
		s = append(s, c.ID, string(c.Type), c.Source)
		for _, o := range c.Outputs {
			s = append(s, o.Type, o.Name, o.Text, o.EName, o.EValue, strings.Join(o.Traceback, "\x00"))
		}
	}
	return s
}

// FuzzDecodeMarkdown checks that the Markdown reader never panics, refuses
// bad input only with ErrInvalid or ErrTooLarge, and that what it accepts is
// written out (never refused) and read back to the same cells, the second
// write equal to the first byte for byte.
func FuzzDecodeMarkdown(f *testing.F) {
	addSeeds(f, ".md")
	for _, s := range []string{
		"", "# T\n\n```go\nx\n```\n", "~~~go\n```\n~~~\n", "A\n<!-- cell -->\nB", "````go\n```\n````",
		"```go\r\nx\r\n```\r\n", "   ```go\n  x\n   ```", "```\n```go\n```\n", "```go\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		nb, err := DecodeMarkdown(data, Limits{FileSize: 1 << 20})
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("DecodeMarkdown error %v is neither ErrInvalid nor ErrTooLarge", err)
			}
			return
		}
		for _, c := range nb.Cells {
			if c.Type == Markdown && (c.Source == "" || isBlank(c.Source)) {
				t.Fatalf("blank markdown cell %q", c.Source)
			}
		}
		out, err := EncodeMarkdown(nb)
		if err != nil {
			t.Fatalf("EncodeMarkdown refused a notebook read from Markdown: %v", err)
		}
		nb2, err := DecodeMarkdown(out, Limits{FileSize: 4 << 20})
		if err != nil {
			t.Fatalf("written notebook does not read back: %v\n%q", err, out)
		}
		if diff := cmp.Diff(sources(nb), sources(nb2)); diff != "" {
			t.Fatalf("cells changed by a write (-before +after):\n%s\nwritten: %q", diff, out)
		}
		out2, err := EncodeMarkdown(nb2)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("second write differs (%v):\n%s", err, cmp.Diff(string(out), string(out2)))
		}
	})
}

// FuzzCheckPath checks that every path CheckPath accepts is local, clean,
// NFC and free of control characters, and that a store refuses to reach
// outside its folder with it, even through a symbolic link.
func FuzzCheckPath(f *testing.F) {
	for _, s := range []string{
		"a.ipynb", "dir/b.md", "../x.ipynb", "/etc/passwd", "a/../../b.md", "%2e%2e/x.md", "a\x00.md",
		"café.md", "cafe\u0301.md", "lessons/01-sync-vs-async.md", "out/secret.ipynb", "in/../out/secret.ipynb",
		"link.ipynb", ".hidden.md", "a\\b.md", "한국어.ipynb", "a\u202e.md", " a.md", "a/./b.md", "a//b.md",
	} {
		f.Add(s)
	}
	root := f.TempDir()
	dir := filepath.Join(root, "store")
	outside := filepath.Join(root, "outside")
	os.MkdirAll(filepath.Join(dir, "in"), 0o755)
	os.MkdirAll(outside, 0o755)
	secret := []byte("outside the store")
	os.WriteFile(filepath.Join(outside, "secret.ipynb"), secret, 0o644)
	os.Symlink(outside, filepath.Join(dir, "out"))
	os.Symlink(filepath.Join(outside, "secret.ipynb"), filepath.Join(dir, "link.ipynb"))
	s, err := Open(dir, Options{Lessons: testLessons})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, p string) {
		err := CheckPath(p)
		if err != nil {
			if !errors.Is(err, ErrBadPath) {
				t.Fatalf("CheckPath(%q) = %v, not ErrBadPath", p, err)
			}
			if _, _, gerr := s.Get(ctx, p); !errors.Is(gerr, ErrBadPath) {
				t.Fatalf("CheckPath(%q) refused it but Get = %v", p, gerr)
			}
			return
		}
		switch {
		case !filepath.IsLocal(p):
			t.Fatalf("CheckPath(%q) accepted a path that is not local", p)
		case path.Clean(p) != p:
			t.Fatalf("CheckPath(%q) accepted an unclean path (clean: %q)", p, path.Clean(p))
		case !utf8.ValidString(p) || !norm.NFC.IsNormalString(p):
			t.Fatalf("CheckPath(%q) accepted invalid UTF-8 or non-NFC text", p)
		case strings.ContainsAny(p, "\\\x00\n\r"):
			t.Fatalf("CheckPath(%q) accepted a backslash or a control character", p)
		}
		for _, e := range strings.Split(p, "/") {
			if e == ".." || e == "." || e == "" || e[0] == '.' {
				t.Fatalf("CheckPath(%q) accepted element %q", p, e)
			}
		}
		// Through the store, an accepted path never reads the file
		// outside, and writes never land outside.
		if nb, _, err := s.Get(ctx, p); err == nil && strings.HasPrefix(p, "out") {
			t.Fatalf("Get(%q) read through a symlink out of the store: %v", p, nb)
		}
		if _, err := s.Save(ctx, p, New(), ""); err == nil {
			if !strings.HasPrefix(p, LessonDir+"/") {
				s.Delete(ctx, p)
			}
		}
		if data, _ := os.ReadFile(filepath.Join(outside, "secret.ipynb")); string(data) != string(secret) {
			t.Fatalf("Save(%q) changed a file outside the store", p)
		}
		if entries, _ := os.ReadDir(outside); len(entries) != 1 {
			t.Fatalf("Save(%q) created a file outside the store", p)
		}
	})
}

// checkSplit compares the quick JSON splitter with encoding/json on valid
// JSON input in valid UTF-8, which is all DecodeIPYNB gives it
// (encoding/json turns invalid UTF-8 in keys into U+FFFD; the splitter keeps
// the bytes).
func checkSplit(t *testing.T, data []byte) {
	if !json.Valid(data) || !utf8.Valid(data) {
		return
	}
	var want map[string]json.RawMessage
	wantErr := json.Unmarshal(data, &want)
	got, ok := splitObject(data)
	if (wantErr == nil && want != nil) != ok {
		t.Fatalf("splitObject(%q) ok = %v, json.Unmarshal error %v", data, ok, wantErr)
	}
	if ok && !cmp.Equal(compactAll(want), compactAll(got)) {
		t.Fatalf("splitObject(%q) = %v, want %v", data, compactAll(got), compactAll(want))
	}
	var wantList []json.RawMessage
	wantErr = json.Unmarshal(data, &wantList)
	gotList, ok := splitArray(data)
	if (wantErr == nil && wantList != nil) != ok {
		t.Fatalf("splitArray(%q) ok = %v, json.Unmarshal error %v", data, ok, wantErr)
	}
	for i := range gotList {
		if ok && compact(gotList[i]) != compact(wantList[i]) {
			t.Fatalf("splitArray(%q)[%d] = %s, want %s", data, i, gotList[i], wantList[i])
		}
	}
}

func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	json.Compact(&b, raw)
	return b.String()
}

func compactAll(m map[string]json.RawMessage) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = compact(v)
	}
	return out
}
