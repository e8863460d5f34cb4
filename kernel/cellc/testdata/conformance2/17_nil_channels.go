// Nil channels disable select cases; merging two streams until both close.
package main

import "fmt"

func produce(name string, n int) <-chan string {
	ch := make(chan string)
	go func() {
		for i := 1; i <= n; i++ {
			ch <- fmt.Sprintf("%s%d", name, i)
		}
		close(ch)
	}()
	return ch
}

func main() {
	a, b := produce("a", 3), produce("b", 2)
	var gotA, gotB []string
	closed := 0
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				closed++
				continue
			}
			gotA = append(gotA, v)
		case v, ok := <-b:
			if !ok {
				b = nil
				closed++
				continue
			}
			gotB = append(gotB, v)
		}
	}
	fmt.Println(gotA, gotB, "closed:", closed)

	var nilCh chan int
	select {
	case v := <-nilCh:
		fmt.Println("impossible", v)
	case nilCh <- 1:
		fmt.Println("impossible send")
	default:
		fmt.Println("nil channel never ready")
	}

	// Toggle sending on and off with a nil channel.
	out := make(chan int, 10)
	var send chan<- int
	pending := []int{1, 2, 3}
	for i := 0; i < 6; i++ {
		if len(pending) > 0 {
			send = out
		} else {
			send = nil
		}
		var first int
		if len(pending) > 0 {
			first = pending[0]
		}
		select {
		case send <- first:
			pending = pending[1:]
		default:
			fmt.Println("nothing to send at", i)
		}
	}
	close(out)
	for v := range out {
		fmt.Print(v, " ")
	}
	fmt.Println()

	c := make(chan int, 2)
	c <- 1
	close(c)
	v, ok := <-c
	fmt.Println(v, ok)
	v, ok = <-c
	fmt.Println(v, ok)
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		c <- 2
	}()
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		close(c)
	}()
	fmt.Println(len(c), cap(c))
}
