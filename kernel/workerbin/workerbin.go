// Package workerbin runs kernels on the lean worker embedded in this
// binary, when there is one.
//
// Go initialises every package a binary links before main runs, and
// gonote links a web server, a Markdown renderer and an HTML sanitizer
// that a kernel never uses. Run as "gonote kernel", a worker spends about
// 11 ms of its start initialising them and keeps about 10 MB more of the
// binary mapped. So make build first compiles gonote-kernel (the command
// in kernel/kernelcmd, which holds only the worker) and then embeds it in
// gonote with the build tag gonote_embed_worker. gonote stays one file;
// a plain go build embeds nothing, and kernels run as "gonote kernel".
//
// The embedded binary is copied once per process into a sealed memfd, a
// file in memory that nobody can change, and every worker is executed from
// there, sharing its pages.
package workerbin

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Name is the embedded worker's name: its argv[0] and its memfd's name.
const Name = "gonote-kernel"

// Command returns the command line that starts a worker from the embedded
// binary, or nil if this binary embeds none. The first call copies the
// binary into memory; after an error kernels should run as "gonote
// kernel" instead.
func Command() ([]string, error) { return command() }

// Path returns the path that executes the embedded worker, once Command
// has loaded it; else "".
func Path() string {
	if p := loaded.Load(); p != nil {
		return *p
	}
	return ""
}

var (
	loaded  atomic.Pointer[string]
	command = sync.OnceValues(func() ([]string, error) {
		if len(binary) == 0 {
			return nil, nil
		}
		path, err := load(binary)
		if err != nil {
			return nil, fmt.Errorf("load the embedded kernel worker: %w", err)
		}
		loaded.Store(&path)
		return []string{path, "kernel"}, nil
	})
)
