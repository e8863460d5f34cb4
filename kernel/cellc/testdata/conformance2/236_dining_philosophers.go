// Locks and deadlock avoidance: philosophers take forks in a global order,
// so no cycle of waiting can form; every philosopher eats the same number
// of meals.
package main

import (
	"fmt"
	"sync"
)

type Fork struct {
	sync.Mutex
	id   int
	uses int
}

type Philosopher struct {
	name        string
	left, right *Fork
	meals       int
}

func (p *Philosopher) dine(rounds int, wg *sync.WaitGroup) {
	defer wg.Done()
	first, second := p.left, p.right
	if second.id < first.id {
		first, second = second, first
	}
	for range rounds {
		first.Lock()
		second.Lock()
		p.meals++
		first.uses++
		second.uses++
		second.Unlock()
		first.Unlock()
	}
}

func main() {
	names := []string{"Plato", "Kant", "Hume", "Locke", "Marx"}
	forks := make([]*Fork, len(names))
	for i := range forks {
		forks[i] = &Fork{id: i}
	}
	phils := make([]*Philosopher, len(names))
	for i, n := range names {
		phils[i] = &Philosopher{name: n, left: forks[i], right: forks[(i+1)%len(forks)]}
	}
	var wg sync.WaitGroup
	for _, p := range phils {
		wg.Add(1)
		go p.dine(200, &wg)
	}
	wg.Wait()
	total := 0
	for _, p := range phils {
		fmt.Printf("%-6s ate %d meals (forks %d,%d)\n", p.name, p.meals, p.left.id, p.right.id)
		total += p.meals
	}
	uses := 0
	for _, f := range forks {
		uses += f.uses
	}
	fmt.Println("meals:", total, "fork uses:", uses, "each fork:", forks[0].uses)
}
