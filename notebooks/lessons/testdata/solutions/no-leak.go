package solutions

func fastest(mirrors []string) string {
	copies := make(chan string, len(mirrors))
	for i, m := range mirrors {
		go func() {
			time.Sleep(time.Duration(i+1) * 100 * time.Millisecond)
			copies <- "file from " + m
		}()
	}
	return <-copies
}
