package solutions

func fry(orders []string, cook func(string)) {
	baskets := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for _, o := range orders {
		wg.Go(func() {
			baskets <- struct{}{}
			defer func() { <-baskets }()
			cook(o)
		})
	}
	wg.Wait()
}
