// Fan-out with indexed results, ordered fan-in, and a bounded worker pool with errors.
package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

type job struct {
	idx  int
	text string
}

type result struct {
	idx   int
	upper string
	err   error
}

var errEmpty = errors.New("empty input")

func work(j job) result {
	if strings.TrimSpace(j.text) == "" {
		return result{idx: j.idx, err: fmt.Errorf("job %d: %w", j.idx, errEmpty)}
	}
	return result{idx: j.idx, upper: strings.ToUpper(j.text)}
}

func pool(inputs []string, workers int) ([]string, []error) {
	jobs := make(chan job)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- work(j)
			}
		}()
	}
	go func() {
		for i, t := range inputs {
			jobs <- job{i, t}
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	out := make([]string, len(inputs))
	var errs []error
	for r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		out[r.idx] = r.upper
	}
	return out, errs
}

func main() {
	out, errs := pool([]string{"alpha", " ", "gamma", "", "epsilon"}, 3)
	fmt.Printf("%q\n", out)
	fmt.Println(len(errs), "errors")
	for _, e := range errs {
		fmt.Println(errors.Is(e, errEmpty))
	}
	var sb strings.Builder
	for i, s := range out {
		if s == "" {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "%d=%s", i, s)
	}
	fmt.Println(sb.String())
}
