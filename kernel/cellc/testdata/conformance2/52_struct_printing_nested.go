// Printing nested structs, maps of structs, pointers inside slices, and Stringers inside structs.
package main

import (
	"fmt"
	"time"
)

type Level int

const (
	Debug Level = iota
	Info
	Warn
)

func (l Level) String() string {
	switch l {
	case Debug:
		return "DEBUG"
	case Info:
		return "INFO"
	case Warn:
		return "WARN"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

type Entry struct {
	Level   Level
	Msg     string
	Fields  map[string]any
	Elapsed time.Duration
}

type Batch struct {
	ID      int
	Entries []Entry
	Owner   *Owner
	tags    []string
}

type pair struct {
	k string
	v int
}

type Owner struct {
	Name  string
	email string
}

func main() {
	b := Batch{
		ID: 7,
		Entries: []Entry{
			{Info, "started", map[string]any{"port": 8080, "tls": false}, 1500 * time.Millisecond},
			{Warn, "slow", nil, 2 * time.Second},
		},
		Owner: &Owner{"ann", "ann@example.com"},
		tags:  []string{"x"},
	}
	fmt.Println(b.Entries[0])
	fmt.Printf("%+v\n", b.Entries[1])
	fmt.Printf("%v\n", b.Entries)
	fmt.Printf("%+v\n", *b.Owner)
	fmt.Printf("%v %d %s\n", Level(5), Warn, Debug)
	byLevel := map[Level][]string{}
	for _, e := range b.Entries {
		byLevel[e.Level] = append(byLevel[e.Level], e.Msg)
	}
	fmt.Println(byLevel)
	levels := []Level{Warn, Debug}
	fmt.Printf("%v %s %d\n", levels, levels, levels)
	ptrs := []*Owner{{"bo", "b@x"}}
	fmt.Println(len(ptrs), *ptrs[0])
	fmt.Printf("%#v\n", Level(1))
	fmt.Printf("%T %T\n", b.Entries, byLevel)
	fmt.Printf("%v %+v\n", pair{"a", 1}, []pair{{"b", 2}})
}
