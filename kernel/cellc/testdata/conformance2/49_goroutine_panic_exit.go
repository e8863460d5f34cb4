// An unrecovered panic ends the program with exit status 2 after its output.
package main

import (
	"fmt"
	"sync"
)

type Account struct {
	Balance int
}

func (a *Account) Withdraw(n int) {
	if n > a.Balance {
		panic(fmt.Sprintf("insufficient funds: have %d, need %d", a.Balance, n))
	}
	a.Balance -= n
}

func main() {
	acct := &Account{Balance: 100}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, amt := range []int{10, 20, 30} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			acct.Withdraw(amt)
		}()
	}
	wg.Wait()
	fmt.Println("balance:", acct.Balance)
	acct.Withdraw(1000)
	fmt.Println("not reached")
}
