package solutions

func breakfast(w http.ResponseWriter, r *http.Request) {
	names := []string{"eggs", "toast", "juice"}
	parts := make([]string, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { parts[i], _ = backend(r.Context(), name, 150*time.Millisecond) })
	}
	wg.Wait()
	fmt.Fprint(w, strings.Join(parts, ", "))
}
