// Ranging over slices, arrays and maps of channels.
package main

import (
	"fmt"
	"sort"
)

func main() {
	chs := []chan int{make(chan int, 1), make(chan int, 1)}
	for i, c := range chs {
		c <- i * 10
	}
	for _, c := range chs {
		fmt.Print(<-c, " ")
	}
	fmt.Println()
	arr := [2]chan string{make(chan string, 1), make(chan string, 1)}
	for i, c := range arr {
		c <- fmt.Sprint("arr", i)
		fmt.Print(<-c, " ")
	}
	fmt.Println()
	m := map[string]chan int{"a": make(chan int, 1), "b": make(chan int, 1)}
	var keys []string
	for k, c := range m {
		c <- len(k)
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Print(k, <-m[k], " ")
	}
	fmt.Println()
}
