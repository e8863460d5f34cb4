//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestExecSandbox runs one program through "gonote exec", with and without
// --sandbox, through the real command line and worker role. The program
// dials a port this test listens on, reads a token file of this test and
// counts the processes it can see.
func TestExecSandbox(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})

	dir := t.TempDir()
	token := filepath.Join(dir, "token")
	if err := os.WriteFile(token, []byte("T"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "escape.go")
	src := fmt.Sprintf(`package main

import (
	"fmt"
	"net"
	"os"
	"strconv"
)

func main() {
	c, err := net.Dial("tcp", %q)
	if err == nil {
		c.Close()
	}
	fmt.Println("dial", err == nil)
	_, err = os.ReadFile(%q)
	fmt.Println("read", err == nil)
	ents, _ := os.ReadDir("/proc")
	n := 0
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err == nil {
			n++
		}
	}
	fmt.Println("others", n > 1)
}
`, ln.Addr().String(), token)
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"without sandbox", []string{file}, "dial true\nread true\nothers true\n"},
		{"with sandbox", []string{"--sandbox", file}, "dial false\nread false\nothers false\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(context.Background(), append([]string{"exec"}, tt.args...), nil, &stdout, &stderr)
			if err != nil && strings.Contains(tt.name, "with") && namespacesRefused(err) {
				noNamespaces(t, "this system refuses namespaces to uid %d: %v", os.Getuid(), err)
			}
			if err != nil {
				t.Fatalf("gonote exec %s: %v\nstderr:\n%s", strings.Join(tt.args, " "), err, stderr.String())
			}
			if got := stdout.String(); got != tt.want {
				t.Errorf("gonote exec %s printed %q, want %q\nstderr:\n%s", strings.Join(tt.args, " "), got, tt.want, stderr.String())
			}
		})
	}
}

// namespacesRefused reports whether err says the kernel refused to create
// namespaces, as some systems do for unprivileged users.
func namespacesRefused(err error) bool {
	return errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.ENOSPC)
}

// TestServeSandbox starts "gonote serve" for real, with and without
// --sandbox, and runs cells through its HTTP API that dial the server's
// own port and read a notebook from its --dir.
func TestServeSandbox(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"without sandbox", nil, "dial true\nread true\n"},
		{"with sandbox", []string{"--sandbox"}, "dial false\nread false\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "nb")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			secret := filepath.Join(dir, "secret.md")
			if err := os.WriteFile(secret, []byte("# Secret\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			base := serve(t, append([]string{"--addr", "127.0.0.1:0", "--dir", dir, "--token", "T"}, tt.args...))

			var k struct {
				ID string `json:"id"`
			}
			if err := call(base, "/api/kernels", `{}`, &k); err != nil {
				if strings.Contains(tt.name, "with") && strings.Contains(err.Error(), "operation not permitted") {
					noNamespaces(t, "this system refuses namespaces to uid %d: %v", os.Getuid(), err)
				}
				t.Fatalf("start a kernel: %v", err)
			}
			cells := []string{
				"import (\n\t\"fmt\"\n\t\"net\"\n\t\"os\"\n)",
				fmt.Sprintf(`c, err := net.Dial("tcp", %q); if err == nil { c.Close() }; fmt.Println("dial", err == nil)`, base.Host),
				fmt.Sprintf(`_, err := os.ReadFile(%q); fmt.Println("read", err == nil)`, secret),
			}
			var got strings.Builder
			for _, code := range cells {
				var res struct {
					Status  string `json:"status"`
					Outputs []struct {
						Text string `json:"text"`
					} `json:"outputs"`
				}
				body, _ := json.Marshal(map[string]string{"code": code})
				if err := call(base, "/api/kernels/"+k.ID+"/execute", string(body), &res); err != nil {
					t.Fatalf("execute %q: %v", code, err)
				}
				if res.Status != "ok" {
					t.Fatalf("execute %q: status %q, want ok", code, res.Status)
				}
				for _, o := range res.Outputs {
					got.WriteString(o.Text)
				}
			}
			if got.String() != tt.want {
				t.Errorf("cells printed %q, want %q", got.String(), tt.want)
			}
		})
	}
}

// serve runs "gonote serve" with args until the test ends and returns the
// URL it printed, without its token.
func serve(t *testing.T, args []string) *url.URL {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve"}, args...), nil, pw, io.Discard)
		pw.Close()
		errc <- err
	}()
	// The banner's "open URL" line goes to opened; the rest of the output
	// is read and dropped until serve ends.
	opened := make(chan string, 1)
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if raw, ok := strings.CutPrefix(sc.Text(), "open "); ok && len(opened) == 0 {
				opened <- raw
			}
		}
		io.Copy(io.Discard, pr)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("serve: %v", err)
		}
		<-drained
	})
	deadline := time.After(time.Minute)
	select {
	case raw := <-opened:
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("serve printed the URL %q: %v", raw, err)
		}
		u.RawQuery = ""
		return u
	case err := <-errc:
		errc <- err
		t.Fatalf("serve ended before printing its URL: %v", err)
	case <-deadline:
		t.Fatal("serve printed no URL within a minute")
	}
	return nil
}

// call POSTs body to path on the server at base with the token "T" and
// decodes the JSON answer into v.
func call(base *url.URL, path, body string, v any) error {
	req, err := http.NewRequest("POST", base.String()+strings.TrimPrefix(path, "/"), bytes.NewBufferString(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "token T")
	req.Header.Set("Origin", "http://"+base.Host)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST %s: %s: %s", path, resp.Status, b)
	}
	return json.Unmarshal(b, v)
}

// noNamespaces ends a test whose sandbox the system refused to create. It
// fails, so a machine that cannot sandbox never passes the sandbox tests
// unnoticed; GONOTE_NO_SANDBOX_TESTS=1 turns the failure into a skip on
// machines known to refuse namespaces.
func noNamespaces(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("GONOTE_NO_SANDBOX_TESTS") == "1" {
		t.Skipf(format, args...)
	}
	t.Fatalf(format+" (set GONOTE_NO_SANDBOX_TESTS=1 to skip the sandbox tests here)", args...)
}
