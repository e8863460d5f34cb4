package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gonote/kernel"
)

// benchClient posts cells to a kernel over a kept-alive connection.
type benchClient struct {
	e    *env
	hc   *http.Client
	url  string
	body []byte
}

func newBenchClient(e *env, id, code string) *benchClient {
	body, _ := json.Marshal(map[string]string{"code": code})
	return &benchClient{
		e:    e,
		hc:   &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}},
		url:  e.ts.URL + "/api/kernels/" + id + "/execute",
		body: body,
	}
}

// run executes the cell once and checks that it ran.
func (c *benchClient) run() error {
	req, err := http.NewRequest("POST", c.url, bytes.NewReader(c.body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "token "+c.e.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("execute = %d %s", resp.StatusCode, data)
	}
	var a executeAnswer
	if err := json.Unmarshal(data, &a); err != nil {
		return err
	}
	if a.Status != "ok" {
		return fmt.Errorf("execute = %s", data)
	}
	return nil
}

// percentile returns the p-th percentile (0–100) of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

// BenchmarkExecuteTrivialCell measures a trivial cell's round trip through
// HTTP with a JSON answer, against a real kernel process: p50 and p99 in
// milliseconds. Targets: p50 ≤ 1 ms, p99 ≤ 5 ms.
func BenchmarkExecuteTrivialCell(b *testing.B) {
	e := newEnv(b)
	id := e.startKernel(b)
	c := newBenchClient(e, id, "x := 1")
	for range 20 { // warm up: connection, interpreter
		if err := c.run(); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		if err := c.run(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(percentile(lat, 50))/1e6, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 99))/1e6, "p99-ms")
}

// BenchmarkExecuteHTTPLayer is BenchmarkExecuteTrivialCell with a fake
// kernel that answers at once: what the server itself adds to a cell's
// round trip (HTTP, auth, guards, JSON), without the worker process.
func BenchmarkExecuteHTTPLayer(b *testing.B) {
	e := newEnv(b, func(c *Config) {
		c.Start = func(context.Context, func(kernel.Chunk)) (Kernel, error) { return &echoKernel{}, nil }
	})
	id := e.startKernel(b)
	c := newBenchClient(e, id, "x := 1")
	lat := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		if err := c.run(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(percentile(lat, 50))/1e6, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 99))/1e6, "p99-ms")
}

// loadDuration is how long BenchmarkFiftyClients runs; GONOTE_LOAD_DURATION
// (a Go duration) changes it.
func loadDuration(b *testing.B) time.Duration {
	if s := os.Getenv("GONOTE_LOAD_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			b.Fatalf("GONOTE_LOAD_DURATION: %v", err)
		}
		return d
	}
	return 30 * time.Second
}

// BenchmarkFiftyClients runs 50 clients, each with its own kernel process,
// running cells back to back for 30 s; any failed request fails the
// benchmark. It runs once whatever b.N is: it is a load test that reports
// cells per second and latency percentiles.
func BenchmarkFiftyClients(b *testing.B) {
	const clients = 50
	e := newEnv(b, func(c *Config) { c.Limits = Limits{Kernels: clients, KernelStarts: clients} })
	dur := loadDuration(b)
	cs := make([]*benchClient, clients)
	for i := range cs {
		id := e.startKernel(b)
		cs[i] = newBenchClient(e, id, fmt.Sprintf("n := %d\nn *= 2", i))
	}
	b.ResetTimer()
	var (
		cells  atomic.Int64
		errs   atomic.Int64
		first  error
		mu     sync.Mutex
		all    []time.Duration
		wg     sync.WaitGroup
		cutoff = time.Now().Add(dur)
	)
	for _, c := range cs {
		wg.Go(func() {
			var lat []time.Duration
			for time.Now().Before(cutoff) {
				start := time.Now()
				if err := c.run(); err != nil {
					errs.Add(1)
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					continue
				}
				lat = append(lat, time.Since(start))
				cells.Add(1)
			}
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(all)
	b.ReportMetric(float64(cells.Load())/dur.Seconds(), "cells/s")
	b.ReportMetric(float64(errs.Load()), "errors")
	b.ReportMetric(float64(percentile(all, 50))/1e6, "p50-ms")
	b.ReportMetric(float64(percentile(all, 99))/1e6, "p99-ms")
	if n := errs.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed; first: %v", n, n+cells.Load(), first)
	}
	if cells.Load() < clients {
		b.Fatalf("only %d cells ran in %v", cells.Load(), dur)
	}
}
