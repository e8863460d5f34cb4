// A FastAPI-style path operation: the handler awaits get_burgers(n) and
// returns JSON. Served with net/http and exercised through httptest.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

type Burger struct {
	ID       int      `json:"id"`
	Name     string   `json:"name"`
	Toppings []string `json:"toppings,omitempty"`
	Price    float64  `json:"price"`
}

func getBurgers(n int) <-chan []Burger {
	out := make(chan []Burger, 1)
	go func() {
		time.Sleep(time.Millisecond) // the kitchen is I/O
		var bs []Burger
		for i := 1; i <= n; i++ {
			b := Burger{ID: i, Name: fmt.Sprintf("burger-%d", i), Price: 4.5 + float64(i)}
			if i%2 == 0 {
				b.Toppings = []string{"cheese", "pickles"}
			}
			bs = append(bs, b)
		}
		out <- bs
	}()
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /burgers", func(w http.ResponseWriter, r *http.Request) {
		burgers := <-getBurgers(2) // await get_burgers(2)
		writeJSON(w, http.StatusOK, burgers)
	})
	mux.HandleFunc("GET /burgers/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil || n < 0 {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"detail": "n must be a non-negative integer"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"count": n, "items": <-getBurgers(n)})
	})
	return mux
}

func main() {
	mux := routes()
	for _, path := range []string{"/burgers", "/burgers/3", "/burgers/x", "/pizza"} {
		req := httptest.NewRequest("GET", path, nil)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		body := strings.TrimSpace(rec.Body.String())
		fmt.Printf("%-11s %d %-16s %s\n", path, rec.Code, rec.Header().Get("Content-Type"), body)
	}

	// The same app over a real loopback server, with concurrent clients.
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var wg sync.WaitGroup
	sizes := make([]int, 4)
	for i := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(srv.URL + "/burgers/" + strconv.Itoa(i))
			if err != nil {
				fmt.Println("error:", err)
				return
			}
			defer resp.Body.Close()
			var payload struct {
				Count int      `json:"count"`
				Items []Burger `json:"items"`
			}
			data, _ := io.ReadAll(resp.Body)
			if err := json.Unmarshal(data, &payload); err != nil {
				fmt.Println("decode:", err)
				return
			}
			sizes[i] = len(payload.Items)
		}()
	}
	wg.Wait()
	fmt.Println("items per concurrent request:", sizes)
}
