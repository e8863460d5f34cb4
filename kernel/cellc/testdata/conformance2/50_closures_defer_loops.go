// Defers in loops run at function end; closures capture per-iteration variables.
package main

import (
	"fmt"
	"strings"
)

type resource struct {
	name string
	log  *[]string
}

func open(name string, log *[]string) *resource {
	*log = append(*log, "open "+name)
	return &resource{name, log}
}

func (r *resource) Close() error {
	*r.log = append(*r.log, "close "+r.name)
	return nil
}

func process(names []string) (log []string) {
	for _, n := range names {
		r := open(n, &log)
		defer r.Close()
	}
	log = append(log, "processing")
	return log
}

func processEach(names []string) []string {
	var log []string
	for _, n := range names {
		func() {
			r := open(n, &log)
			defer r.Close()
			log = append(log, "use "+n)
		}()
	}
	return log
}

func counterFactory() map[string]func() int {
	m := map[string]func() int{}
	for _, name := range []string{"x", "y"} {
		count := 0
		m[name] = func() int {
			count++
			return count
		}
	}
	return m
}

func main() {
	fmt.Println(strings.Join(process([]string{"a", "b", "c"}), ", "))
	fmt.Println(strings.Join(processEach([]string{"a", "b"}), ", "))
	cs := counterFactory()
	cs["x"]()
	cs["x"]()
	fmt.Println(cs["x"](), cs["y"]())
	var prints []func()
	for i := range 3 {
		defer func() { fmt.Println("deferred closure", i) }()
		prints = append(prints, func() { fmt.Print(i*i, " ") })
	}
	for _, p := range prints {
		p()
	}
	fmt.Println()
	x := 10
	defer fmt.Println("defer arg evaluated early:", x)
	x = 20
	defer func() { fmt.Println("closure sees late value:", x) }()
}
