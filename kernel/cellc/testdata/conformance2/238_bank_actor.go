// The actor pattern: one goroutine owns the accounts and serves requests
// from a channel; callers send a request with a reply channel and await it.
package main

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

type op int

const (
	opDeposit op = iota
	opWithdraw
	opBalance
	opTransfer
)

func (o op) String() string {
	return [...]string{"deposit", "withdraw", "balance", "transfer"}[o]
}

type request struct {
	op       op
	from, to string
	amount   int
	reply    chan<- reply
}

type reply struct {
	balance int
	err     error
}

var ErrInsufficient = errors.New("insufficient funds")
var ErrNoAccount = errors.New("no such account")

type Bank struct {
	reqs chan request
	done chan map[string]int
}

func NewBank(initial map[string]int) *Bank {
	b := &Bank{reqs: make(chan request), done: make(chan map[string]int)}
	go func() {
		accounts := initial
		for r := range b.reqs {
			var rep reply
			bal, ok := accounts[r.from]
			switch {
			case !ok:
				rep.err = fmt.Errorf("%v %q: %w", r.op, r.from, ErrNoAccount)
			case r.op == opDeposit:
				accounts[r.from] += r.amount
			case r.op == opWithdraw && bal < r.amount:
				rep.err = fmt.Errorf("%v %d from %s (has %d): %w", r.op, r.amount, r.from, bal, ErrInsufficient)
			case r.op == opWithdraw:
				accounts[r.from] -= r.amount
			case r.op == opTransfer:
				if _, ok := accounts[r.to]; !ok {
					rep.err = fmt.Errorf("%v to %q: %w", r.op, r.to, ErrNoAccount)
					break
				}
				if bal < r.amount {
					rep.err = fmt.Errorf("%v %d: %w", r.op, r.amount, ErrInsufficient)
					break
				}
				accounts[r.from] -= r.amount
				accounts[r.to] += r.amount
			}
			rep.balance = accounts[r.from]
			r.reply <- rep
		}
		b.done <- accounts
	}()
	return b
}

func (b *Bank) call(o op, from, to string, amount int) (int, error) {
	c := make(chan reply, 1)
	b.reqs <- request{o, from, to, amount, c}
	r := <-c
	return r.balance, r.err
}

func main() {
	bank := NewBank(map[string]int{"kim": 100, "lee": 50})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				bank.call(opDeposit, "kim", "", 5)
			} else {
				bank.call(opTransfer, "kim", "lee", 3)
			}
		}()
	}
	wg.Wait()
	for _, name := range []string{"kim", "lee"} {
		bal, err := bank.call(opBalance, name, "", 0)
		fmt.Println(name, bal, err)
	}
	_, err := bank.call(opWithdraw, "lee", "", 1000)
	fmt.Println(err, errors.Is(err, ErrInsufficient))
	_, err = bank.call(opTransfer, "kim", "park", 1)
	fmt.Println(err, errors.Is(err, ErrNoAccount))
	_, err = bank.call(opDeposit, "choi", "", 1)
	fmt.Println(err)
	close(bank.reqs)
	final := <-bank.done
	names := make([]string, 0)
	for n := range final {
		names = append(names, n)
	}
	sort.Strings(names)
	sum := 0
	for _, n := range names {
		fmt.Printf("%s=%d ", n, final[n])
		sum += final[n]
	}
	fmt.Println("sum:", sum)
	fmt.Printf("%v %d %s\n", opTransfer, opTransfer, opBalance)
}
