// asyncio.Lock: a read-modify-write with a suspension point in the middle
// loses updates without a lock. Go goroutines run in parallel, so the
// unlocked version races; here the "unlocked" one is made to interleave on
// purpose, with a hand-off between read and write.
package main

import (
	"fmt"
	"sync"
)

type Account struct {
	sync.Mutex
	Name    string
	Balance int
	History []string
}

func (a *Account) Deposit(amount int) {
	a.Lock()
	defer a.Unlock()
	a.Balance += amount
	a.History = append(a.History, fmt.Sprintf("+%d", amount))
}

func (a *Account) Withdraw(amount int) error {
	a.Lock()
	defer a.Unlock()
	if amount > a.Balance {
		return fmt.Errorf("%s: insufficient funds: have %d, want %d", a.Name, a.Balance, amount)
	}
	a.Balance -= amount
	a.History = append(a.History, fmt.Sprintf("-%d", amount))
	return nil
}

func main() {
	// Lost update: both read 100 before either writes.
	balance := 100
	readDone := make(chan struct{})
	var wg sync.WaitGroup
	read := make([]int, 2)
	var writeMu sync.Mutex
	var barrier sync.WaitGroup
	barrier.Add(2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			read[i] = balance // read
			barrier.Done()
			<-readDone     // "await" in the middle
			writeMu.Lock() // the writes do not overlap, the read-modify-write does
			balance = read[i] + 50
			writeMu.Unlock()
		}()
	}
	barrier.Wait()
	close(readDone)
	wg.Wait()
	fmt.Println("without a lock, two +50 deposits give:", balance)

	acct := &Account{Name: "shop", Balance: 100}
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acct.Deposit(2)
		}()
	}
	wg.Wait()
	fmt.Println("with a lock:", acct.Balance, "deposits:", len(acct.History))

	fmt.Println(acct.Withdraw(150))
	fmt.Println(acct.Withdraw(100))
	fmt.Println("left:", acct.Balance, "last:", acct.History[len(acct.History)-1])

	// TryLock: a second holder backs off instead of waiting.
	acct.Lock()
	fmt.Println("TryLock while held:", acct.TryLock())
	acct.Unlock()
	ok := acct.TryLock()
	fmt.Println("TryLock when free:", ok)
	if ok {
		acct.Unlock()
	}

	// A method value keeps its receiver.
	dep := acct.Deposit
	for _, amt := range []int{5, 10} {
		dep(amt)
	}
	fmt.Println("after method value deposits:", acct.Balance, acct.History[len(acct.History)-2:])
}
