// A line-based echo service over in-memory connections (net.Pipe): one
// goroutine per connection, like an asyncio stream server handling
// clients concurrently; each client awaits its replies.
package main

import (
	"bufio"
	"fmt"
	"net"
	"sort"
	"strings"
	"sync"
)

func serve(conn net.Conn, name string, wg *sync.WaitGroup) {
	defer wg.Done()
	defer conn.Close()
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	n := 0
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		n++
		line = strings.TrimSpace(line)
		if line == "quit" {
			fmt.Fprintf(w, "bye %s after %d lines\n", name, n)
			w.Flush()
			return
		}
		fmt.Fprintf(w, "%s#%d: %s\n", name, n, strings.ToUpper(line))
		w.Flush()
	}
}

func client(conn net.Conn, msgs []string) []string {
	defer conn.Close()
	r := bufio.NewReader(conn)
	var replies []string
	for _, m := range msgs {
		fmt.Fprintln(conn, m)
		reply, err := r.ReadString('\n')
		if err != nil {
			replies = append(replies, "error: "+err.Error())
			break
		}
		replies = append(replies, strings.TrimSpace(reply))
	}
	return replies
}

func main() {
	var servers sync.WaitGroup
	var clients sync.WaitGroup
	var mu sync.Mutex
	transcript := map[string][]string{}
	scripts := map[string][]string{
		"alice": {"hello", "how are you", "quit"},
		"bob":   {"async", "quit"},
		"carol": {"one", "two", "three", "quit"},
	}
	for name, msgs := range scripts {
		srv, cli := net.Pipe()
		servers.Add(1)
		go serve(srv, name, &servers)
		clients.Add(1)
		go func() {
			defer clients.Done()
			r := client(cli, msgs)
			mu.Lock()
			transcript[name] = r
			mu.Unlock()
		}()
	}
	clients.Wait()
	servers.Wait()
	names := make([]string, 0, len(transcript))
	for n := range transcript {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, l := range transcript[n] {
			fmt.Println(l)
		}
	}
	a, b := net.Pipe()
	b.Close()
	_, err := a.Write([]byte("x"))
	fmt.Println("write to closed pipe:", err)
}
