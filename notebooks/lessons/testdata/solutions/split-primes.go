package solutions

func splitPrimes(limit, parts int) int {
	counts := make([]int, parts)
	size := limit / parts
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() { counts[p] = countPrimes(p*size, (p+1)*size) })
	}
	wg.Wait()
	total := 0
	for _, c := range counts {
		total += c
	}
	return total
}
