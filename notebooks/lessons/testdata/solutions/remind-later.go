package solutions

func remindLater(d time.Duration, msg string) <-chan string {
	ch := make(chan string, 1)
	go func() {
		time.Sleep(d)
		ch <- msg
	}()
	return ch
}
