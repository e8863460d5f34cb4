package main

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestParseServe(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name      string
		args      []string
		env       map[string]string
		wantErr   bool
		wantAddr  string
		wantToken string
		wantHosts []string
	}{
		{name: "defaults", wantAddr: "127.0.0.1:8888"},
		{name: "token flag", args: []string{"--token", "abc"}, wantAddr: "127.0.0.1:8888", wantToken: "abc"},
		{name: "token from env", env: map[string]string{"GONOTE_TOKEN": "fromenv"}, wantAddr: "127.0.0.1:8888", wantToken: "fromenv"},
		{name: "flag beats env", args: []string{"--token", "flag"}, env: map[string]string{"GONOTE_TOKEN": "env"}, wantAddr: "127.0.0.1:8888", wantToken: "flag"},
		{name: "allow hosts", args: []string{"--allow-host", "a.example", "--allow-host", "b.example,c.example"}, wantAddr: "127.0.0.1:8888", wantHosts: []string{"a.example", "b.example", "c.example"}},
		{name: "no-auth on loopback", args: []string{"--no-auth", "--addr", "localhost:9000"}, wantAddr: "localhost:9000"},
		{name: "no-auth exposed", args: []string{"--no-auth", "--addr", "0.0.0.0:8888"}, wantErr: true},
		{name: "no-auth on all interfaces", args: []string{"--no-auth", "--addr", ":8888"}, wantErr: true},
		{name: "no-auth with token", args: []string{"--no-auth", "--token", "x"}, wantErr: true},
		{name: "stray argument", args: []string{"extra"}, wantErr: true},
		{name: "unknown flag", args: []string{"--nope"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseServe(tt.args, io.Discard, env(tt.env))
			if tt.wantErr {
				if !errors.Is(err, errUsage) {
					t.Fatalf("parseServe(%q) error = %v, want a usage error", tt.args, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseServe(%q) error = %v", tt.args, err)
			}
			if cfg.addr != tt.wantAddr || cfg.token != tt.wantToken || strings.Join(cfg.allowHosts, ",") != strings.Join(tt.wantHosts, ",") {
				t.Errorf("parseServe(%q) = addr %q token %q hosts %q, want %q %q %q", tt.args, cfg.addr, cfg.token, cfg.allowHosts, tt.wantAddr, tt.wantToken, tt.wantHosts)
			}
		})
	}
}

func TestBanner(t *testing.T) {
	tests := []struct {
		name, addr, bound string
		wantURL           string
		warn              bool
	}{
		{"loopback", "127.0.0.1:8888", "127.0.0.1:8888", "http://127.0.0.1:8888/?token=T", false},
		{"all interfaces", "0.0.0.0:8888", "0.0.0.0:8888", "http://127.0.0.1:8888/?token=T", true},
		{"lan address", "192.168.1.5:80", "192.168.1.5:80", "http://192.168.1.5:80/?token=T", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			printBanner(&out, &errOut, &serveConfig{addr: tt.addr, dir: "nb"}, tt.bound, "T")
			if !strings.Contains(out.String(), "open "+tt.wantURL+"\n") {
				t.Errorf("banner = %q, want the URL %s", out.String(), tt.wantURL)
			}
			if got := strings.Contains(errOut.String(), "WARNING"); got != tt.warn {
				t.Errorf("banner warning = %q, want a warning: %v", errOut.String(), tt.warn)
			}
		})
	}
}

func TestHashPasswordCommand(t *testing.T) {
	var out bytes.Buffer
	if err := printPasswordHash(strings.NewReader("s3cret\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "pbkdf2-sha256$") {
		t.Errorf("hash = %q, want a pbkdf2-sha256 hash", out.String())
	}
	if err := printPasswordHash(strings.NewReader(""), &out); !errors.Is(err, errUsage) {
		t.Errorf("hash of no password: error = %v, want a usage error", err)
	}
}
