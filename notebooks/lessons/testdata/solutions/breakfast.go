package solutions

func makeBreakfast(items []string) []string {
	done := make([]chan string, len(items))
	for i, item := range items {
		done[i] = make(chan string, 1)
		go func() { done[i] <- brew(item) }()
	}
	var ready []string
	for i := range done {
		ready = append(ready, <-done[i])
	}
	return ready
}
