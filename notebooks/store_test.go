package notebooks

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"gonote/notebooks/nbtest"
)

// testLessons is a small lesson library for store tests.
var testLessons = fstest.MapFS{
	"lessons/01-first.md":      {Data: []byte("# First lesson\n\nLearn one thing.\n\n```go\nfmt.Println(1)\n```\n")},
	"lessons/02-second.md":     {Data: []byte("# Second\n\nThen another.\n")},
	"lessons/ko/01-first.md":   {Data: []byte("# 첫 수업\n\n하나를 배운다.\n")},
	"lessons/doc.go":           {Data: []byte("package lessons\n")},
	"lessons/testdata/x.md":    {Data: []byte("not a lesson")},
	"lessons/ko/testdata/y.md": {Data: []byte("not a lesson")},
}

func openStore(t *testing.T) (*Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "notebooks")
	s, err := Open(dir, Options{Lessons: testLessons})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func sample(src string) *Notebook {
	nb := New()
	nb.Cells = []*Cell{{Type: Markdown, Source: "# Sample"}, {Type: Code, Source: src}}
	return nb
}

func TestStoreLifecycle(t *testing.T) {
	ctx := context.Background()
	s, dir := openStore(t)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("Open did not create %s: %v", dir, err)
	}

	v1, err := s.Create(ctx, "a.ipynb", sample("x := 1"))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if _, err := s.Create(ctx, "a.ipynb", nil); !errors.Is(err, ErrExists) {
		t.Errorf("Create over an existing file = %v, want ErrExists", err)
	}
	nb, v, err := s.Get(ctx, "a.ipynb")
	if err != nil || v != v1 {
		t.Fatalf("Get = %v, %v; want version %v", v, err, v1)
	}
	if nb.Cells[1].Source != "x := 1" {
		t.Errorf("Get source = %q", nb.Cells[1].Source)
	}

	// A save from the current version succeeds; one from the old version
	// is a conflict and leaves the file alone.
	nb.Cells[1].Source = "x := 2"
	v2, err := s.Save(ctx, "a.ipynb", nb, v1)
	if err != nil || v2 == v1 {
		t.Fatalf("Save from current version = %v, %v", v2, err)
	}
	nb.Cells[1].Source = "x := 3"
	if _, err := s.Save(ctx, "a.ipynb", nb, v1); !errors.Is(err, ErrConflict) {
		t.Errorf("Save from stale version = %v, want ErrConflict", err)
	}
	got, _, _ := s.Get(ctx, "a.ipynb")
	if got.Cells[1].Source != "x := 2" {
		t.Errorf("after refused save, source = %q, want x := 2", got.Cells[1].Source)
	}
	if _, err := s.Save(ctx, "a.ipynb", nb, ""); err != nil {
		t.Errorf("unconditional Save: %v", err)
	}

	// Markdown notebooks in sub-folders.
	if _, err := s.Save(ctx, "sub/dir/b.md", sample("y := 1"), ""); err != nil {
		t.Fatalf("Save .md in a new folder: %v", err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "sub", "dir", "b.md"))
	if want := "# Sample\n\n```go\ny := 1\n```\n"; string(data) != want {
		t.Errorf("b.md = %q, want %q", data, want)
	}

	// Copy a lesson, to a free name and to a chosen one.
	p1, _, err := s.Copy(ctx, "lessons/01-first.md", "")
	p2, _, err2 := s.Copy(ctx, "lessons/01-first.md", "")
	if err != nil || err2 != nil || p1 != "01-first.ipynb" || p2 != "01-first-2.ipynb" {
		t.Errorf("Copy lesson twice = %q, %v; %q, %v", p1, err, p2, err2)
	}
	if _, _, err := s.Copy(ctx, "lessons/01-first.md", "a.ipynb"); !errors.Is(err, ErrExists) {
		t.Errorf("Copy over a.ipynb = %v, want ErrExists", err)
	}
	copied, _, err := s.Get(ctx, "01-first.ipynb")
	if err != nil || len(copied.Cells) != 2 || copied.Cells[1].Source != "fmt.Println(1)" {
		t.Errorf("copied lesson = %v, %v", copied, err)
	}

	// Rename, within a format and across formats.
	if _, err := s.Rename(ctx, "01-first-2.ipynb", "a.ipynb"); !errors.Is(err, ErrExists) {
		t.Errorf("Rename onto a.ipynb = %v, want ErrExists", err)
	}
	if _, err := s.Rename(ctx, "01-first-2.ipynb", "renamed.ipynb"); err != nil {
		t.Errorf("Rename: %v", err)
	}
	if _, err := s.Rename(ctx, "renamed.ipynb", "sub/renamed.md"); err != nil {
		t.Errorf("Rename to .md: %v", err)
	}
	if _, _, err := s.Get(ctx, "renamed.ipynb"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get old name = %v, want ErrNotFound", err)
	}
	if nb, _, err := s.Get(ctx, "sub/renamed.md"); err != nil || nb.Cells[1].Source != "fmt.Println(1)" {
		t.Errorf("Get renamed .md = %v, %v", nb, err)
	}

	if err := s.Delete(ctx, "01-first.ipynb"); err != nil {
		t.Errorf("Delete: %v", err)
	}
	if err := s.Delete(ctx, "01-first.ipynb"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete twice = %v, want ErrNotFound", err)
	}
	if _, err := s.Save(ctx, "gone.ipynb", nb, v1); !errors.Is(err, ErrConflict) {
		t.Errorf("Save with a base onto a missing file = %v, want ErrConflict", err)
	}

	// A stray temporary file and a non-notebook are not listed.
	os.WriteFile(filepath.Join(dir, ".gonote-save-0123"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range list {
		paths = append(paths, string(e.Kind)+" "+e.Path)
	}
	want := []string{
		"notebook a.ipynb", "notebook sub/dir/b.md", "notebook sub/renamed.md",
		"lesson lessons/01-first.md", "lesson lessons/02-second.md", "lesson lessons/ko/01-first.md",
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
	if e := list[0]; e.Size == 0 || e.Modified.IsZero() || e.ReadOnly || e.Format != IPYNB {
		t.Errorf("List entry = %+v", e)
	}
	if e := list[5]; e.Title != "첫 수업" || e.Summary != "하나를 배운다." || e.Lang != "ko" || !e.ReadOnly {
		t.Errorf("Korean lesson entry = %+v", e)
	}
	written, _ := os.ReadFile(filepath.Join(dir, "a.ipynb"))
	nbtest.ValidateCanonical(t, written)
}

func TestStoreLessonsReadOnly(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	nb, v, err := s.Get(ctx, "lessons/01-first.md")
	if err != nil || v == "" || len(nb.Cells) != 2 {
		t.Fatalf("Get lesson = %v, %q, %v", nb, v, err)
	}
	tests := []struct {
		name string
		op   func() error
	}{
		{"save", func() error { _, err := s.Save(ctx, "lessons/01-first.md", nb, ""); return err }},
		{"create", func() error { _, err := s.Create(ctx, "lessons/new.ipynb", nil); return err }},
		{"delete", func() error { return s.Delete(ctx, "lessons/01-first.md") }},
		{"rename from", func() error { _, err := s.Rename(ctx, "lessons/01-first.md", "x.md"); return err }},
		{"copy into", func() error { _, _, err := s.Copy(ctx, "lessons/01-first.md", "lessons/copy.md"); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.op(); !errors.Is(err, ErrReadOnly) {
				t.Errorf("%s = %v, want ErrReadOnly", tt.name, err)
			}
		})
	}
	if _, _, err := s.Get(ctx, "lessons/99-missing.md"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get missing lesson = %v, want ErrNotFound", err)
	}
}

// TestStoreBuiltinLessons opens a store on the lessons built into gonote,
// checks their titles and summaries, and validates them converted to .ipynb.
func TestStoreBuiltinLessons(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatalf("Open with built-in lessons: %v", err)
	}
	defer s.Close()
	list, err := s.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var converted [][]byte
	for _, e := range list {
		if e.Kind != KindLesson {
			continue
		}
		n++
		nb, _, err := s.Get(context.Background(), e.Path)
		if err != nil {
			t.Errorf("Get(%s): %v", e.Path, err)
			continue
		}
		data, err := EncodeIPYNB(nb)
		if err != nil {
			t.Errorf("EncodeIPYNB(%s): %v", e.Path, err)
		}
		converted = append(converted, data)
		if e.Title == "" || e.Summary == "" {
			t.Errorf("lesson %s has title %q, summary %q", e.Path, e.Title, e.Summary)
		}
		if !strings.HasPrefix(e.Path, "lessons/") || !strings.HasSuffix(e.Path, ".md") || strings.Contains(e.Path, "testdata") {
			t.Errorf("lesson path %q", e.Path)
		}
	}
	if n == 0 {
		t.Error("no built-in lessons listed")
	}
	// Every lesson, in every language, converts to a valid .ipynb.
	nbtest.ValidateCanonical(t, converted...)
}

func TestStorePaths(t *testing.T) {
	ctx := context.Background()
	s, dir := openStore(t)
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.ipynb"), []byte(`{}`), 0o644)
	os.Symlink(outside, filepath.Join(dir, "out"))
	os.Symlink(filepath.Join(outside, "secret.ipynb"), filepath.Join(dir, "link.ipynb"))
	os.MkdirAll(filepath.Join(dir, "in"), 0o755)
	if _, err := s.Save(ctx, "in/real.ipynb", sample("1"), ""); err != nil {
		t.Fatal(err)
	}
	os.Symlink("in", filepath.Join(dir, "alias"))

	bad := []string{
		"../x.ipynb", "/etc/passwd.ipynb", "a/../../x.ipynb", "out/secret.ipynb", "link.ipynb",
		"a\x00.ipynb", "%2e%2e/x.ipynb", ".hidden.ipynb", "x.txt", "",
	}
	for _, p := range bad {
		t.Run("bad "+p, func(t *testing.T) {
			if _, _, err := s.Get(ctx, p); !errors.Is(err, ErrBadPath) {
				t.Errorf("Get(%q) = %v, want ErrBadPath", p, err)
			}
			if _, err := s.Save(ctx, p, sample("1"), ""); !errors.Is(err, ErrBadPath) {
				t.Errorf("Save(%q) = %v, want ErrBadPath", p, err)
			}
		})
	}
	if data, _ := os.ReadFile(filepath.Join(outside, "secret.ipynb")); string(data) != "{}" {
		t.Errorf("a save through a symlink changed a file outside the store: %q", data)
	}
	// A symlink that stays inside is followed.
	if _, _, err := s.Get(ctx, "alias/real.ipynb"); err != nil {
		t.Errorf("Get through an inside symlink: %v", err)
	}
}

func TestStoreBadFilesNotOverwritten(t *testing.T) {
	ctx := context.Background()
	s, dir := openStore(t)
	files := map[string]string{
		"broken.ipynb":  `{"cells": [`,
		"v3.ipynb":      `{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}`,
		"badtype.ipynb": `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": 1, "metadata": {}, "outputs": []}]}`,
		"latin1.md":     "caf\xe9\n",
		"open.md":       "```go\nx := 1\n",
	}
	for name, content := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	for name, content := range files {
		t.Run(name, func(t *testing.T) {
			_, _, err := s.Get(ctx, name)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(fmtErr(err), name) {
				t.Errorf("Get(%s) = %v, want ErrInvalid naming the file", name, err)
			}
			if _, _, err := s.Copy(ctx, name, "copy-"+name); err == nil {
				t.Errorf("Copy of bad file %s succeeded", name)
			}
			data, _ := os.ReadFile(filepath.Join(dir, name))
			if string(data) != content {
				t.Errorf("%s was changed to %q", name, data)
			}
		})
	}
	// Too large: refused before reading, and a save over the limit writes
	// nothing.
	small, err := Open(dir, Options{Lessons: testLessons, Limits: Limits{FileSize: 300}})
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	big := sample(strings.Repeat("x", 400))
	if _, err := small.Save(ctx, "big.ipynb", big, ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Save over the limit = %v, want ErrTooLarge", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "big.ipynb")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused save left a file: %v", err)
	}
	s.Save(ctx, "big.ipynb", big, "")
	if _, _, err := small.Get(ctx, "big.ipynb"); !errors.Is(err, ErrTooLarge) || !strings.Contains(fmtErr(err), "big.ipynb") {
		t.Errorf("Get over the limit = %v, want ErrTooLarge naming the file", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".gonote-save-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestCheckPath(t *testing.T) {
	tests := []struct {
		p  string
		ok bool
	}{
		{"a.ipynb", true},
		{"dir/sub/a.md", true},
		{"한국어/노트.ipynb", true},
		{"100% done.ipynb", true},
		{"with space.md", true},
		{"", false},
		{"/abs.ipynb", false},
		{"a/", false},
		{"a//b.md", false},
		{"./a.md", false},
		{"a/./b.md", false},
		{"..", false},
		{"a/../b.md", false},
		{".git/config", false},
		{"a\\b.md", false},
		{"%2e%2e/a.md", false},
		{"a%2Fb.md", false},
		{"a\x00b.md", false},
		{"a\nb.md", false},
		{"a\u202eb.md", false},
		{"a\u200bb.md", false},
		{"cafe\u0301.md", false}, // NFD
		{"café.md", true},        // NFC
		{" lead.md", false},
		{"trail.md ", false},
		{"bad\xffutf8.md", false},
		{strings.Repeat("a", 256) + ".md", false},
		{strings.Repeat("a/", 16) + "b.md", false},
	}
	for _, tt := range tests {
		err := CheckPath(tt.p)
		if (err == nil) != tt.ok {
			t.Errorf("CheckPath(%q) = %v, want ok=%v", tt.p, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrBadPath) {
			t.Errorf("CheckPath(%q) = %v, not ErrBadPath", tt.p, err)
		}
	}
}

// TestStoreRemovesStaleTemps checks that Open deletes temporary files left
// by killed saves once they are old, and keeps recent ones, which may belong
// to a save in progress.
func TestStoreRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	old := filepath.Join(dir, "sub", ".gonote-save-00aa")
	recent := filepath.Join(dir, ".gonote-save-11bb")
	other := filepath.Join(dir, ".other-hidden")
	for _, p := range []string{old, recent, other} {
		os.WriteFile(p, []byte("x"), 0o644)
	}
	long := time.Now().Add(-2 * time.Hour)
	os.Chtimes(old, long, long)
	os.Chtimes(other, long, long)
	s, err := Open(dir, Options{Lessons: testLessons})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for p, want := range map[string]bool{old: false, recent: true, other: true} {
		_, err := os.Stat(p)
		if got := err == nil; got != want {
			t.Errorf("after Open, %s exists = %v, want %v", filepath.Base(p), got, want)
		}
	}
}

// TestStoreConcurrentSaves races saves from the same base version: exactly
// one wins, the others get ErrConflict, and the file is the winner's.
func TestStoreConcurrentSaves(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	base, err := s.Create(ctx, "race.ipynb", sample("start"))
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	errs := make(chan error, n)
	versions := make(chan Version, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := s.Save(ctx, "race.ipynb", sample(fmt.Sprintf("writer %d", i)), base)
			errs <- err
			if err == nil {
				versions <- v
			}
		}()
	}
	wg.Wait()
	close(errs)
	close(versions)
	won, conflicts := 0, 0
	for err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, ErrConflict):
			conflicts++
		default:
			t.Errorf("Save: %v", err)
		}
	}
	if won != 1 || conflicts != n-1 {
		t.Errorf("%d saves won and %d conflicted, want 1 and %d", won, conflicts, n-1)
	}
	_, v, err := s.Get(ctx, "race.ipynb")
	if err != nil || v != <-versions {
		t.Errorf("file version after the race = %v, %v; want the winner's", v, err)
	}
}

// TestStoreListDepth lists a notebook at the deepest path allowed.
func TestStoreListDepth(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	deep := strings.Repeat("d/", maxDepth-1) + "deep.md"
	if _, err := s.Save(ctx, deep, sample("1"), ""); err != nil {
		t.Fatalf("Save(%s): %v", deep, err)
	}
	if _, err := s.Save(ctx, "d/"+deep, sample("1"), ""); !errors.Is(err, ErrBadPath) {
		t.Errorf("Save one level deeper = %v, want ErrBadPath", err)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) == 0 || list[0].Path != deep {
		t.Errorf("List()[0] = %v, %v; want %s", list, err, deep)
	}
}
