// Retrying a flaky call with exponential backoff and seeded jitter; the
// delays are computed, not slept, so the schedule prints the same each time.
package main

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

var ErrTemporary = errors.New("temporary failure")
var ErrFatal = errors.New("fatal failure")

type Policy struct {
	Base, Max time.Duration
	Attempts  int
	rng       *rand.Rand
}

func (p Policy) Delay(attempt int) time.Duration {
	d := float64(p.Base) * math.Pow(2, float64(attempt))
	if d > float64(p.Max) {
		d = float64(p.Max)
	}
	jitter := p.rng.Float64()*0.2 + 0.9 // 90%..110%
	return time.Duration(d * jitter).Round(time.Millisecond)
}

func Retry(p Policy, call func(int) error) (schedule []time.Duration, err error) {
	for a := 0; a < p.Attempts; a++ {
		err = call(a)
		switch {
		case err == nil:
			return schedule, nil
		case errors.Is(err, ErrFatal):
			return schedule, fmt.Errorf("attempt %d: giving up: %w", a+1, err)
		}
		schedule = append(schedule, p.Delay(a))
	}
	return schedule, fmt.Errorf("after %d attempts: %w", p.Attempts, err)
}

func main() {
	p := Policy{Base: 100 * time.Millisecond, Max: 2 * time.Second, Attempts: 6, rng: rand.New(rand.NewPCG(1, 2))}
	sched, err := Retry(p, func(a int) error {
		if a < 4 {
			return fmt.Errorf("call %d: %w", a, ErrTemporary)
		}
		return nil
	})
	fmt.Println("succeeded:", err == nil, "waits:", sched)
	var total time.Duration
	for _, d := range sched {
		total += d
	}
	fmt.Println("total wait:", total)

	sched, err = Retry(p, func(int) error { return ErrTemporary })
	fmt.Println(len(sched), err)
	fmt.Println("capped at max:", sched[len(sched)-1] <= 2200*time.Millisecond)

	_, err = Retry(p, func(a int) error {
		if a == 1 {
			return ErrFatal
		}
		return ErrTemporary
	})
	fmt.Println(err, errors.Is(err, ErrFatal), errors.Is(err, ErrTemporary))

	r := rand.New(rand.NewPCG(42, 42))
	fmt.Println(r.IntN(100), r.IntN(100), r.Perm(5), r.Uint32()%1000)
	xs := []string{"a", "b", "c", "d"}
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	fmt.Println(xs)
}
