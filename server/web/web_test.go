package web_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gonote/server/web"
)

// maxGzipBytes is the budget for the gzipped JavaScript and CSS together.
const maxGzipBytes = 350 * 1024

// sourceHash recomputes the hash build.mjs writes into dist/SOURCES: the
// sha256 of lines "sha256(file)  path\n", one per input, sorted by path.
func sourceHash(t *testing.T) string {
	t.Helper()
	paths := []string{"build.mjs", "package.json", "package-lock.json", "tsconfig.json"}
	err := filepath.WalkDir("src", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			paths = append(paths, filepath.ToSlash(p))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk src: %v", err)
	}
	sort.Strings(paths)
	var list strings.Builder
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("read input: %v", err)
		}
		sum := sha256.Sum256(b)
		fmt.Fprintf(&list, "%s  %s\n", hex.EncodeToString(sum[:]), p)
	}
	sum := sha256.Sum256([]byte(list.String()))
	return hex.EncodeToString(sum[:])
}

func TestBundleMatchesSources(t *testing.T) {
	b, err := fs.ReadFile(web.Assets, "SOURCES")
	if err != nil {
		t.Fatalf("read embedded SOURCES: %v", err)
	}
	got := strings.TrimSpace(strings.TrimPrefix(string(b), "sha256 "))
	if want := sourceHash(t); got != want {
		t.Errorf("dist/SOURCES = %s, but the sources hash to %s: run `make web` and commit dist/", got, want)
	}
}

func TestIndexReferencesAssets(t *testing.T) {
	index, err := fs.ReadFile(web.Assets, web.Index)
	if err != nil {
		t.Fatalf("read %s: %v", web.Index, err)
	}
	sources, err := fs.ReadFile(web.Assets, "SOURCES")
	if err != nil {
		t.Fatalf("read SOURCES: %v", err)
	}
	version := strings.TrimPrefix(strings.TrimSpace(string(sources)), "sha256 ")[:12]
	refs := regexp.MustCompile(`(?:src|href)="/assets/([^"?]+)(?:\?v=([0-9a-f]+))?"`).FindAllSubmatch(index, -1)
	if len(refs) < 3 {
		t.Fatalf("index.html names %d assets, want at least 3 (icon, css, js):\n%s", len(refs), index)
	}
	for _, r := range refs {
		name, v := string(r[1]), string(r[2])
		if _, err := fs.Stat(web.Assets, name); err != nil {
			t.Errorf("index.html names /assets/%s, which is not embedded: %v", name, err)
		}
		if strings.HasSuffix(name, ".js") || strings.HasSuffix(name, ".css") {
			if v != version {
				t.Errorf("index.html loads %s?v=%s, want v=%s so browsers fetch the new bundle", name, v, version)
			}
		}
	}
	// A strict Content-Security-Policy allows no inline script or style.
	for _, bad := range []string{"<script>", "<style", " style=", " onload=", " onclick="} {
		if bytes.Contains(index, []byte(bad)) {
			t.Errorf("index.html contains %q, which a strict CSP refuses", bad)
		}
	}
}

func TestBundleSize(t *testing.T) {
	total := 0
	for _, name := range []string{"app.js", "boot.js", "app.css"} {
		b, err := fs.ReadFile(web.Assets, name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		var z bytes.Buffer
		w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		w.Write(b)
		w.Close()
		t.Logf("%s: %d bytes, %d gzipped", name, len(b), z.Len())
		total += z.Len()
	}
	if total > maxGzipBytes {
		t.Errorf("bundle is %d bytes gzipped, over the budget of %d", total, maxGzipBytes)
	}
}

func TestBundleHasNoEval(t *testing.T) {
	js, err := fs.ReadFile(web.Assets, "app.js")
	if err != nil {
		t.Fatalf("read app.js: %v", err)
	}
	// A strict CSP without 'unsafe-eval' breaks code that compiles strings.
	for _, re := range []string{`\beval\(`, `new Function\(`} {
		if loc := regexp.MustCompile(re).FindIndex(js); loc != nil {
			t.Errorf("app.js matches %s near %q", re, js[max(0, loc[0]-40):min(len(js), loc[1]+40)])
		}
	}
}
