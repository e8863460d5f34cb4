// A ledger with Stringer entries, embedded interfaces, sorting by multiple keys, and %v of pointers to structs.
package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

type Kind int

const (
	Deposit Kind = iota
	Withdrawal
)

func (k Kind) String() string {
	if k == Deposit {
		return "deposit"
	}
	return "withdrawal"
}

type Entry struct {
	Account string
	Kind    Kind
	Amount  int
}

func (e Entry) String() string { return fmt.Sprintf("%s %s %d", e.Account, e.Kind, e.Amount) }

type Ledger struct {
	mu      sync.RWMutex
	entries []Entry
	bal     map[string]int
}

var ErrOverdraft = errors.New("overdraft")

type OpError struct {
	Op    string
	Entry Entry
	Err   error
}

func (e *OpError) Error() string { return e.Op + " " + e.Entry.String() + ": " + e.Err.Error() }
func (e *OpError) Unwrap() error { return e.Err }

func (l *Ledger) Apply(e Entry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch e.Kind {
	case Deposit:
		l.bal[e.Account] += e.Amount
	case Withdrawal:
		if l.bal[e.Account] < e.Amount {
			return &OpError{"apply", e, ErrOverdraft}
		}
		l.bal[e.Account] -= e.Amount
	}
	l.entries = append(l.entries, e)
	return nil
}

func (l *Ledger) Balance(acct string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.bal[acct]
}

func main() {
	l := &Ledger{bal: map[string]int{}}
	var wg sync.WaitGroup
	for _, acct := range []string{"a", "b"} {
		for i := 1; i <= 3; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				l.Apply(Entry{acct, Deposit, i * 10})
			}()
		}
	}
	wg.Wait()
	err := l.Apply(Entry{"a", Withdrawal, 1000})
	fmt.Println(err)
	var oe *OpError
	if errors.As(err, &oe) {
		fmt.Println("failed entry:", oe.Entry, "|", oe.Entry.Kind)
	}
	fmt.Println(errors.Is(err, ErrOverdraft), l.Balance("a"), l.Balance("b"))
	sort.Slice(l.entries, func(i, j int) bool {
		a, b := l.entries[i], l.entries[j]
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		return a.Amount > b.Amount
	})
	fmt.Println(l.entries)
	var lines []string
	for _, e := range l.entries[:2] {
		lines = append(lines, e.String())
	}
	fmt.Println(strings.Join(lines, "; "))
	fmt.Printf("%v|%s|%d\n", l.entries[0], l.entries[0], l.entries[0].Amount)
	first := &l.entries[0]
	fmt.Println(first, *first)
	fmt.Printf("%+v\n", struct {
		E Entry
		K Kind
	}{l.entries[1], Withdrawal})
}
