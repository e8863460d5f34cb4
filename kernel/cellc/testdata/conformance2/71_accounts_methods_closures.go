// Bank accounts: methods on pointers, maps of structs, struct copies,
// arrays by value, closures as counters, function types, interfaces
// with embedded interfaces, method expressions.
package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

type Account struct {
	Owner   string
	Balance int
	History []int
}

var ErrInsufficient = errors.New("insufficient funds")

func (a *Account) Deposit(n int) { a.Balance += n; a.History = append(a.History, n) }
func (a *Account) Withdraw(n int) error {
	if n > a.Balance {
		return fmt.Errorf("%s: withdraw %d: %w", a.Owner, n, ErrInsufficient)
	}
	a.Balance -= n
	a.History = append(a.History, -n)
	return nil
}
func (a Account) String() string { return fmt.Sprintf("%s:%d", a.Owner, a.Balance) }

type Reader interface{ Read() string }
type Writer interface{ Write(s string) }
type ReadWriter interface {
	Reader
	Writer
}

type Buffer struct{ data []string }

func (b *Buffer) Write(s string) { b.data = append(b.data, s) }
func (b *Buffer) Read() string {
	if len(b.data) == 0 {
		return ""
	}
	s := b.data[0]
	b.data = b.data[1:]
	return s
}

type Op func(int) int

func (o Op) Then(p Op) Op { return func(x int) int { return p(o(x)) } }

func counter() (func() int, func()) {
	n := 0
	return func() int { n++; return n }, func() { n = 0 }
}

type Point struct{ X, Y int }

func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }
func (p *Point) Scale(k int)      { p.X *= k; p.Y *= k }

func main() {
	accounts := map[string]*Account{}
	for _, name := range []string{"ann", "bob"} {
		accounts[name] = &Account{Owner: name}
	}
	accounts["ann"].Deposit(100)
	accounts["bob"].Deposit(20)
	if err := accounts["bob"].Withdraw(50); err != nil {
		fmt.Println(err, errors.Is(err, ErrInsufficient))
	}
	_ = accounts["ann"].Withdraw(30)
	names := make([]string, 0, len(accounts))
	for n := range accounts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := accounts[n]
		fmt.Println(a, *a, a.History)
	}

	byValue := map[string]Account{"x": {Owner: "x", Balance: 1}}
	acc := byValue["x"]
	acc.Balance = 99
	fmt.Println(byValue["x"].Balance, acc.Balance)

	arr := [3]int{1, 2, 3}
	arr2 := arr
	arr2[0] = 100
	fmt.Println(arr, arr2, arr == [3]int{1, 2, 3})
	pts := []Point{{1, 2}, {3, 4}}
	for _, p := range pts {
		p.Scale(10)
	}
	fmt.Println(pts)
	for i := range pts {
		pts[i].Scale(10)
	}
	fmt.Println(pts, pts[0].Add(pts[1]))
	add := Point.Add
	scale := (*Point).Scale
	p := Point{1, 1}
	scale(&p, 3)
	fmt.Println(add(p, Point{1, 0}))

	var rw ReadWriter = &Buffer{}
	rw.Write("hello")
	rw.Write("world")
	var r Reader = rw
	fmt.Println(r.Read(), rw.Read(), rw.Read() == "")
	if w, ok := r.(Writer); ok {
		w.Write("again")
		fmt.Println(r.Read())
	}

	double := Op(func(x int) int { return x * 2 })
	inc := Op(func(x int) int { return x + 1 })
	fmt.Println(double.Then(inc)(5), inc.Then(double)(5))

	next, reset := counter()
	next()
	next()
	fmt.Println(next())
	reset()
	fmt.Println(next())

	funcs := map[string]func(...string) string{
		"join":  func(s ...string) string { return strings.Join(s, "+") },
		"count": func(s ...string) string { return fmt.Sprint(len(s)) },
	}
	keys := []string{"join", "count"}
	for _, k := range keys {
		fmt.Println(k, funcs[k]("a", "b", "c"))
	}
	parts := []string{"x", "y"}
	fmt.Println(funcs["join"](parts...))
	type pair struct {
		a, b int
	}
	seen := map[pair]bool{{1, 2}: true}
	fmt.Println(seen[pair{1, 2}], seen[pair{2, 1}], len(seen))
	matrix := [2][2]int{{1, 2}, {3, 4}}
	m2 := matrix
	m2[1][1] = 40
	fmt.Println(matrix, m2)
}
