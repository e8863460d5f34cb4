// gather(..., return_exceptions=True): failures come back as values in the
// result list instead of aborting, and are told apart with a type switch.
package main

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
)

type HTTPError struct {
	URL    string
	Status int
}

func (e HTTPError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Status, statusText(e.Status))
}

func statusText(code int) string {
	switch {
	case code == 404:
		return "Not Found"
	case code >= 500:
		return "Server Error"
	default:
		return "Status " + strconv.Itoa(code)
	}
}

type TimeoutError struct{ After string }

func (e *TimeoutError) Error() string   { return "timed out after " + e.After }
func (e *TimeoutError) Timeout() bool   { return true }
func (e *TimeoutError) Temporary() bool { return true }

type timeout interface{ Timeout() bool }

var ErrEmpty = errors.New("empty body")

func fetch(url string) (any, error) {
	switch url {
	case "/users":
		return []string{"kim", "lee"}, nil
	case "/count":
		return 42, nil
	case "/missing":
		return nil, HTTPError{url, 404}
	case "/slow":
		return nil, &TimeoutError{"3s"}
	case "/empty":
		return nil, fmt.Errorf("decode %s: %w", url, ErrEmpty)
	case "/broken":
		return nil, HTTPError{url, 503}
	}
	return map[string]bool{"ok": true}, nil
}

func gather(urls []string) []any {
	out := make([]any, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := fetch(u)
			if err != nil {
				out[i] = err
				return
			}
			out[i] = v
		}()
	}
	wg.Wait()
	return out
}

func main() {
	urls := []string{"/users", "/count", "/missing", "/slow", "/empty", "/broken", "/health"}
	results := gather(urls)
	okCount, retry := 0, []string{}
	for i, r := range results {
		switch v := r.(type) {
		case HTTPError:
			fmt.Printf("%-8s HTTPError %d: %v\n", urls[i], v.Status, v)
			if v.Status >= 500 {
				retry = append(retry, urls[i])
			}
		case timeout:
			fmt.Printf("%-8s timeout=%v: %v\n", urls[i], v.Timeout(), v)
			retry = append(retry, urls[i])
		case error:
			fmt.Printf("%-8s error (empty=%v): %v\n", urls[i], errors.Is(v, ErrEmpty), v)
		case []string:
			fmt.Printf("%-8s %d names %q\n", urls[i], len(v), v)
			okCount++
		case int:
			fmt.Printf("%-8s number %d (%#x)\n", urls[i], v, v)
			okCount++
		default:
			fmt.Printf("%-8s other %T %v\n", urls[i], v, v)
			okCount++
		}
	}
	fmt.Println("ok:", okCount, "retry:", retry)

	var errs []error
	for _, r := range results {
		if e, ok := r.(error); ok {
			errs = append(errs, e)
		}
	}
	all := errors.Join(errs...)
	var he HTTPError
	var te *TimeoutError
	fmt.Println(errors.As(all, &he), he.Status, errors.As(all, &te), te.After, errors.Is(all, ErrEmpty))
}
