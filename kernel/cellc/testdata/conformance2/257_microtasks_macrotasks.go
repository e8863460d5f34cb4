// A JavaScript-style event loop: after every macrotask (a timer or I/O
// callback) the loop drains the microtask queue (promise callbacks), so
// "then" callbacks run before the next timer even if scheduled later.
package main

import (
	"fmt"
	"strings"
)

type Loop struct {
	macro []func()
	micro []func()
	out   []string
}

func (l *Loop) SetTimeout(name string, f func()) {
	l.macro = append(l.macro, func() {
		l.log("timeout " + name)
		if f != nil {
			f()
		}
	})
}

func (l *Loop) Then(name string, f func()) {
	l.micro = append(l.micro, func() {
		l.log("then " + name)
		if f != nil {
			f()
		}
	})
}

func (l *Loop) log(s string) { l.out = append(l.out, s) }

func (l *Loop) drainMicro() {
	for len(l.micro) > 0 {
		m := l.micro[0]
		l.micro = l.micro[1:]
		m()
	}
}

func (l *Loop) Run(script func()) {
	script()
	l.drainMicro()
	for len(l.macro) > 0 {
		t := l.macro[0]
		l.macro = l.macro[1:]
		t()
		l.drainMicro()
	}
}

func main() {
	l := &Loop{}
	l.Run(func() {
		l.log("script start")
		l.SetTimeout("A", func() {
			l.Then("inside A", nil)
		})
		l.Then("1", func() {
			l.Then("1.1", nil)
			l.SetTimeout("from then 1", nil)
		})
		l.SetTimeout("B", nil)
		l.Then("2", nil)
		l.log("script end")
	})
	for i, s := range l.out {
		fmt.Printf("%2d %s\n", i+1, s)
	}
	fmt.Println(strings.Count(strings.Join(l.out, ","), "then"), "microtasks,", strings.Count(strings.Join(l.out, ","), "timeout"), "macrotasks")
}
