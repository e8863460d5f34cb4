// Values vs pointers when handing work to goroutines: a struct passed by
// value is a snapshot, a pointer is shared; slices share their backing
// array until append reallocates; arrays are copied whole.
package main

import (
	"fmt"
	"sync"
)

type Job struct {
	ID     int
	Tags   []string
	Status string
	Scores [3]int
}

func markByValue(j Job, wg *sync.WaitGroup) {
	defer wg.Done()
	j.Status = "done (copy)"
	j.Scores[0] = 99
	j.Tags[0] = "changed-through-copy"
}

func markByPointer(j *Job, wg *sync.WaitGroup) {
	defer wg.Done()
	j.Status = "done"
	j.Scores[0] = 99
}

func main() {
	j := Job{ID: 1, Tags: []string{"new", "urgent"}, Status: "pending"}
	var wg sync.WaitGroup
	wg.Add(1)
	go markByValue(j, &wg)
	wg.Wait()
	fmt.Printf("after value: %+v\n", j)
	wg.Add(1)
	go markByPointer(&j, &wg)
	wg.Wait()
	fmt.Printf("after pointer: %+v\n", j)

	base := make([]int, 3, 4)
	a := append(base, 1) // fits: shares base's array
	b := append(base, 2) // overwrites a[3]
	fmt.Println(a, b, len(base), cap(base))
	c := append(a, 5) // reallocates
	c[0] = 100
	fmt.Println(a[0], c[0], len(c), cap(c) >= 5)

	arr := [3]string{"x", "y", "z"}
	arr2 := arr
	arr2[0] = "changed"
	sl := arr[:]
	sl[1] = "via slice"
	fmt.Println(arr, arr2)

	jobs := []Job{{ID: 1}, {ID: 2}, {ID: 3}}
	for _, jb := range jobs {
		jb.Status = "ignored" // a copy
	}
	for i := range jobs {
		jobs[i].Status = "seen"
	}
	ptrs := make([]*Job, 0, len(jobs))
	for i := range jobs {
		ptrs = append(ptrs, &jobs[i])
	}
	for _, p := range ptrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Scores[p.ID-1] = p.ID * 10
		}()
	}
	wg.Wait()
	for _, jb := range jobs {
		fmt.Println(jb.ID, jb.Status, jb.Scores)
	}
	m := map[string]Job{"a": {ID: 7}}
	tmp := m["a"]
	tmp.Status = "updated"
	m["a"] = tmp
	fmt.Println(m["a"].Status, m["a"].ID)
}
