// Cleanup that changes the outcome: deferred closures read and rewrite
// named results, turn panics into errors, and run in LIFO order, like
// finally blocks around awaited calls.
package main

import (
	"errors"
	"fmt"
	"strconv"
)

type Step struct {
	Name string
	Fail bool
}

func runSteps(steps []Step) (done int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered after %d steps: %v", done, r)
		}
	}()
	for _, s := range steps {
		defer fmt.Printf("  undo %s\n", s.Name)
		if s.Fail {
			panic("step " + s.Name + " exploded")
		}
		done++
	}
	return done, nil
}

func parseAll(in []string) (sum int, err error) {
	defer func() {
		if err != nil {
			sum = -1
			err = fmt.Errorf("parseAll: %w", err)
		}
	}()
	for _, s := range in {
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, err
		}
		sum += n
	}
	return sum, nil
}

func counter() (next func() int, reset func()) {
	n := 0
	next = func() int { n++; return n }
	reset = func() { n = 0 }
	return
}

func deferOrder() (out []int) {
	for i := range 3 {
		defer func() { out = append(out, i) }()
	}
	x := 10
	defer func(v int) { out = append(out, v) }(x)
	x = 20
	defer func() { out = append(out, x) }()
	return []int{-1}
}

func main() {
	fmt.Println("ok run:")
	n, err := runSteps([]Step{{"connect", false}, {"send", false}})
	fmt.Println(" ->", n, err)
	fmt.Println("failing run:")
	n, err = runSteps([]Step{{"connect", false}, {"send", true}, {"close", false}})
	fmt.Println(" ->", n, err)

	fmt.Println(parseAll([]string{"1", "2", "39"}))
	s, err := parseAll([]string{"1", "x2"})
	fmt.Println(s, err)
	var ne *strconv.NumError
	fmt.Println(errors.As(err, &ne), ne.Func, ne.Num, ne.Err == strconv.ErrSyntax)

	next, reset := counter()
	fmt.Println(next(), next(), next())
	reset()
	fmt.Println(next())
	fmt.Println(deferOrder())
}
