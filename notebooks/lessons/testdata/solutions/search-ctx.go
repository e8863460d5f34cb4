package solutions

func search(ctx context.Context, items []string, want string) (int, error) {
	for i, item := range items {
		select {
		case <-ctx.Done():
			return -1, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if item == want {
			return i, nil
		}
	}
	return -1, errors.New("not found")
}
