package solutions

func fetchAll(pages []string) []string {
	results := make([]string, len(pages))
	var wg sync.WaitGroup
	for i, p := range pages {
		wg.Go(func() {
			time.Sleep(50 * time.Millisecond)
			results[i] = "<" + p + ">"
		})
	}
	wg.Wait()
	return results
}
