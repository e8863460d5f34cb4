//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
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
				t.Skipf("this system refuses namespaces to uid %d: %v", os.Getuid(), err)
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
