// Package server is gonote's HTTP side: a Gin router that serves the
// notebook pages, the JSON API over notebooks and kernels, and the live
// output of running cells as server-sent events.
//
// Every request passes the same gate, in this order: security headers are
// set, the Host header must name an allowed host (against DNS rebinding),
// cross-site requests are refused (Origin and Sec-Fetch-Site, against CSRF),
// and then the caller must hold the token (a cookie, an Authorization
// header, or a one-time ?token= query). Only the login page and the static
// assets skip the token. Handlers only translate between HTTP and the
// notebooks and kernel packages; one function, statusOf, maps their errors
// to HTTP statuses.
//
// Invariants: the server never renders notebook content as HTML except
// markdown through the sanitizer; each kernel it starts belongs to exactly
// one entry of its table and is closed when that entry is deleted, reaped
// for idleness, or when the server closes; Close waits for every goroutine
// the server started.
package server
