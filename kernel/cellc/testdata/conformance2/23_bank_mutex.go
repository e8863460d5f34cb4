// A bank with accounts guarded by a mutex, transfers in goroutines, and invariants.
package main

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

var ErrInsufficient = errors.New("insufficient funds")

type Account struct {
	ID      string
	Balance int
}

type Bank struct {
	mu       sync.Mutex
	accounts map[string]*Account
	log      []string
}

type TransferError struct {
	From, To string
	Amount   int
	Err      error
}

func (e *TransferError) Error() string {
	return fmt.Sprintf("transfer %d from %s to %s: %v", e.Amount, e.From, e.To, e.Err)
}

func (e *TransferError) Unwrap() error { return e.Err }

func (b *Bank) Transfer(from, to string, amount int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	src, dst := b.accounts[from], b.accounts[to]
	if src == nil || dst == nil {
		return &TransferError{from, to, amount, errors.New("no such account")}
	}
	if src.Balance < amount {
		return &TransferError{from, to, amount, ErrInsufficient}
	}
	src.Balance -= amount
	dst.Balance += amount
	b.log = append(b.log, fmt.Sprintf("%s->%s:%d", from, to, amount))
	return nil
}

func (b *Bank) Total() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := 0
	for _, a := range b.accounts {
		t += a.Balance
	}
	return t
}

func main() {
	b := &Bank{accounts: map[string]*Account{
		"alice": {"alice", 100},
		"bob":   {"bob", 50},
		"carol": {"carol", 0},
	}}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			switch i % 3 {
			case 0:
				err = b.Transfer("alice", "bob", 5)
			case 1:
				err = b.Transfer("bob", "carol", 3)
			case 2:
				err = b.Transfer("carol", "alice", 1)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	failures := 0
	for err := range errs {
		if !errors.Is(err, ErrInsufficient) {
			fmt.Println("unexpected:", err)
		}
		failures++
	}
	fmt.Println("total preserved:", b.Total() == 150, "transfers+failures:", len(b.log)+failures)
	err := b.Transfer("alice", "zed", 1)
	var te *TransferError
	if errors.As(err, &te) {
		fmt.Printf("%v | to=%s amount=%d\n", te, te.To, te.Amount)
	}
	err = b.Transfer("carol", "bob", 1_000_000)
	fmt.Println(err, errors.Is(err, ErrInsufficient))
	ids := make([]string, 0, len(b.accounts))
	for id := range b.accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	fmt.Println(ids)
	fmt.Printf("%+v\n", *b.accounts["alice"] == Account{"alice", b.accounts["alice"].Balance})
}
