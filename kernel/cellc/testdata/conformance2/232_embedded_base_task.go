// Tasks sharing behaviour through struct embedding: a BaseTask provides
// bookkeeping, concrete tasks override Run, and an interface runs them all.
package main

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

type Runner interface {
	Name() string
	Run() error
}

type BaseTask struct {
	ID       int
	Label    string
	Attempts int
	Log      []string
}

func (b *BaseTask) Name() string { return fmt.Sprintf("%s#%d", b.Label, b.ID) }
func (b *BaseTask) record(format string, args ...any) {
	b.Log = append(b.Log, fmt.Sprintf(format, args...))
}
func (b *BaseTask) Run() error {
	b.Attempts++
	b.record("base run")
	return nil
}

type Download struct {
	BaseTask
	URL  string
	Size int
}

func (d *Download) Run() error {
	d.Attempts++
	if d.Attempts < 3 {
		d.record("attempt %d: timeout", d.Attempts)
		return errors.New("timeout")
	}
	d.Size = len(d.URL) * 100
	d.record("downloaded %d bytes", d.Size)
	return nil
}

type Resize struct {
	*BaseTask
	W, H int
}

func (r Resize) Run() error {
	if err := r.BaseTask.Run(); err != nil { // call the embedded version first
		return err
	}
	r.record("resized to %dx%d", r.W, r.H)
	return nil
}

type Timed struct {
	Runner
	Took time.Duration
}

func (t *Timed) Run() error {
	err := t.Runner.Run()
	t.Took = 5 * time.Millisecond
	return err
}

func runAll(tasks []Runner, retries int) {
	for _, t := range tasks {
		var err error
		for range retries {
			if err = t.Run(); err == nil {
				break
			}
		}
		fmt.Printf("%-12s err=%v\n", t.Name(), err)
	}
}

func main() {
	dl := &Download{BaseTask: BaseTask{ID: 1, Label: "download"}, URL: "https://x.io/a.png"}
	rs := Resize{BaseTask: &BaseTask{ID: 2, Label: "resize"}, W: 64, H: 48}
	tm := &Timed{Runner: &BaseTask{ID: 3, Label: "noop"}}
	runAll([]Runner{dl, rs, tm}, 3)
	fmt.Println(dl.Name(), dl.Attempts, strings.Join(dl.Log, "; "))
	fmt.Println(rs.Name(), rs.Attempts, rs.Log)
	fmt.Println(tm.Runner.Name(), tm.Took)
	fmt.Printf("%+v\n", dl.BaseTask)
	fmt.Println(dl.ID, dl.BaseTask.ID, dl.Label == dl.BaseTask.Label)

	var r Runner = tm
	if t, ok := r.(*Timed); ok {
		inner := t.Runner.(*BaseTask)
		fmt.Println("inner attempts:", inner.Attempts, inner.Log)
	}
	_, isDl := r.(*Download)
	fmt.Println("is download:", isDl)
}
