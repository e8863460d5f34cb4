package server

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"gonote/notebooks"
)

// TestServe runs the server on a real listener until its context ends; an
// event stream open at that moment does not hold the shutdown up.
func TestServe(t *testing.T) {
	store, err := notebooks.Open(filepath.Join(t.TempDir(), "nb"), notebooks.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srv, err := New(Config{Addr: "127.0.0.1:0", Token: "tok", Store: store, Start: startProcessKernel, Assets: testAssets})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()

	base := "http://" + ln.Addr().String()
	req, _ := http.NewRequest("POST", base+"/api/kernels", nil)
	req.Header.Set("Authorization", "token tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var k kernelInfo
	if resp.StatusCode != http.StatusCreated || decodeJSON(resp.Body, &k) != nil {
		t.Fatalf("POST /api/kernels = %d, want 201 with a kernel", resp.StatusCode)
	}
	resp.Body.Close()
	req, _ = http.NewRequest("GET", base+"/api/kernels/"+k.ID+"/events", nil)
	req.Header.Set("Authorization", "token tok")
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	events := readSSE(stream.Body)
	events.next(t, 10*time.Second)

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v, want nil after its context ended", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return within 30 s of its context ending")
	}
	if ev := events.next(t, 10*time.Second); ev["state"] != stateDead {
		t.Errorf("last event = %v, want state dead", ev)
	}
	if _, err := http.Get(base + "/login"); err == nil {
		t.Error("the listener still answers after Serve returned")
	}
}
