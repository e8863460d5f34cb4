package solutions

func fetchWithin(service func() string, limit time.Duration) (string, error) {
	answer := make(chan string, 1)
	go func() { answer <- service() }()
	select {
	case a := <-answer:
		return a, nil
	case <-time.After(limit):
		return "", errTooSlow
	}
}
