package symbols

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
)

// The extractor substitutes these for the standard functions and types
// that would end or signal the kernel's own process: a cell may not exit
// its kernel, so where Go exits, these panic with what was asked.

// errRestricted is returned for what cells may not do.
var errRestricted = errors.New("restricted")

// osExit stands for os.Exit.
func osExit(code int) { panic(fmt.Sprintf("os.Exit(%d)", code)) }

// osFindProcess stands for os.FindProcess; it refuses the process itself.
func osFindProcess(pid int) (*os.Process, error) {
	if pid == os.Getpid() {
		return nil, errRestricted
	}
	return os.FindProcess(pid)
}

// logFatal, logFatalf and logFatalln stand for log.Fatal, log.Fatalf and
// log.Fatalln: they log and panic.
func logFatal(v ...any)            { log.Panic(v...) }
func logFatalf(f string, v ...any) { log.Panicf(f, v...) }
func logFatalln(v ...any)          { log.Panicln(v...) }

// logLogger stands for log.Logger: a logger whose Fatal methods panic.
// The logger is a field, not embedded, so that cells cannot reach its
// real Fatal methods.
type logLogger struct{ l *log.Logger }

// logNew stands for log.New.
func logNew(out io.Writer, prefix string, flag int) *logLogger {
	return &logLogger{log.New(out, prefix, flag)}
}

func (l *logLogger) Fatal(v ...any)                   { l.l.Panic(v...) }
func (l *logLogger) Fatalf(f string, v ...any)        { l.l.Panicf(f, v...) }
func (l *logLogger) Fatalln(v ...any)                 { l.l.Panicln(v...) }
func (l *logLogger) Flags() int                       { return l.l.Flags() }
func (l *logLogger) Output(depth int, s string) error { return l.l.Output(depth+1, s) }
func (l *logLogger) Panic(v ...any)                   { l.l.Panic(v...) }
func (l *logLogger) Panicf(f string, v ...any)        { l.l.Panicf(f, v...) }
func (l *logLogger) Panicln(v ...any)                 { l.l.Panicln(v...) }
func (l *logLogger) Prefix() string                   { return l.l.Prefix() }
func (l *logLogger) Print(v ...any)                   { l.l.Print(v...) }
func (l *logLogger) Printf(f string, v ...any)        { l.l.Printf(f, v...) }
func (l *logLogger) Println(v ...any)                 { l.l.Println(v...) }
func (l *logLogger) SetFlags(flag int)                { l.l.SetFlags(flag) }
func (l *logLogger) SetOutput(w io.Writer)            { l.l.SetOutput(w) }
func (l *logLogger) SetPrefix(prefix string)          { l.l.SetPrefix(prefix) }
func (l *logLogger) Writer() io.Writer                { return l.l.Writer() }
