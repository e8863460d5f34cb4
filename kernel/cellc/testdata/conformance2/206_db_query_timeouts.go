// Waiting on a database: queries that return in time, queries that hit their
// deadline, and a cause attached to the timeout.
package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

type Row map[string]any

type DB struct {
	latency map[string]time.Duration
	calls   []string
}

var ErrSlowQuery = errors.New("query too slow")

func (db *DB) Query(ctx context.Context, sql string) ([]Row, error) {
	db.calls = append(db.calls, sql)
	table := strings.Fields(sql)[3]
	wait := db.latency[table]
	select {
	case <-time.After(wait):
		return []Row{{"table": table, "id": 1}, {"table": table, "id": 2}}, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("query %q: %w", table, context.Cause(ctx))
	}
}

func main() {
	db := &DB{latency: map[string]time.Duration{
		"users":   time.Millisecond,
		"orders":  2 * time.Millisecond,
		"reports": time.Hour,
	}}
	for _, table := range []string{"users", "orders", "reports"} {
		ctx, cancel := context.WithTimeoutCause(context.Background(), 50*time.Millisecond, ErrSlowQuery)
		rows, err := db.Query(ctx, "SELECT * FROM "+table)
		cancel()
		if err != nil {
			fmt.Printf("%-8s error: %v\n", table, err)
			fmt.Println("         is slow:", errors.Is(err, ErrSlowQuery), "is deadline:", errors.Is(err, context.DeadlineExceeded))
			fmt.Println("         ctx.Err():", ctx.Err())
			continue
		}
		fmt.Printf("%-8s %d rows, first=%v\n", table, len(rows), rows[0])
	}

	// A deadline that has already passed fails immediately.
	past, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err := db.Query(past, "SELECT * FROM users")
	fmt.Println("past deadline:", err)
	_, hasDeadline := past.Deadline()
	fmt.Println("has deadline:", hasDeadline)

	// WithoutCancel: a log write that must finish even if the request ends.
	req, cancelReq := context.WithCancel(context.Background())
	audit := context.WithoutCancel(req)
	cancelReq()
	fmt.Println("request err:", req.Err(), "| audit err:", audit.Err())
	rows, err := db.Query(audit, "SELECT * FROM users")
	fmt.Println("audit query rows:", len(rows), "err:", err)

	timeouts := []time.Duration{1500 * time.Microsecond, 50 * time.Millisecond, 2*time.Second + 300*time.Millisecond, 90 * time.Minute}
	for _, d := range timeouts {
		fmt.Printf("%v (%s) %.3fs %d\n", d, d.String(), d.Seconds(), d.Microseconds())
	}
	fmt.Println("calls:", len(db.calls))
}
