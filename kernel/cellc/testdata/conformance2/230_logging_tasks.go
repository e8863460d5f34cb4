// Logging from concurrent tasks: a log.Logger per task with its own prefix,
// and slog with a text handler whose time attribute is dropped so the lines
// are stable. Lines are collected per task and printed in task order.
package main

import (
	"bytes"
	"fmt"
	"log"
	"log/slog"
	"os"
	"strings"
	"sync"
)

func main() {
	bufs := make([]bytes.Buffer, 3)
	var wg sync.WaitGroup
	for i := range bufs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lg := log.New(&bufs[i], fmt.Sprintf("[task-%d] ", i), log.Lmsgprefix)
			lg.Printf("start, %d steps", i+1)
			for s := range i + 1 {
				lg.Println("step", s)
			}
			lg.Print("done")
		}()
	}
	wg.Wait()
	for i := range bufs {
		fmt.Print(bufs[i].String())
	}

	std := log.New(os.Stdout, "main: ", 0)
	std.Println("all tasks finished")
	std.SetPrefix("main(2): ")
	std.Printf("%d buffers, %d bytes", len(bufs), bufs[0].Len()+bufs[1].Len()+bufs[2].Len())

	drop := func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}
	h := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: drop})
	logger := slog.New(h).With("service", "kitchen")
	logger.Info("order received", "id", 7, "items", []string{"latte", "bagel"})
	logger.Debug("brewing", slog.Int("temp", 93), slog.Duration("eta", 90e9))
	logger.WithGroup("req").Warn("slow", "path", "/burgers", "ms", 1234.5)
	logger.Error("failed", "err", fmt.Errorf("grinder jammed"))

	var jb strings.Builder
	jl := slog.New(slog.NewJSONHandler(&jb, &slog.HandlerOptions{ReplaceAttr: drop}))
	jl.Info("bell", "ticket", 12, "ready", true)
	fmt.Print(jb.String())
}
