// Typed constants defined by expressions (iota+1, iota-1, shifts, string
// concatenation) compare, key maps and switch as the values they are.
package main

import "fmt"

type Prio int

const (
	Low Prio = iota + 1
	Mid
	High
)

type Level int

const (
	Debug Level = iota - 1
	Info
	Warn
)

type Flag uint8

const (
	FlagA Flag = 1 << iota
	FlagB
	FlagC
)

type State string

const (
	Ready   State = "rea" + "dy"
	Running State = "run" + "ning"
)

const Limit int = 2 + 3

func main() {
	p := Prio(3)
	fmt.Println(p == High, p != High, p == Mid, p > Low)
	names := map[Prio]string{Low: "low", Mid: "mid", High: "high"}
	fmt.Println(names[High], names[p], len(names))
	fmt.Println(Debug, Info, Warn, Level(0) == Info)
	f := FlagA | FlagC
	fmt.Println(f&FlagB == FlagB, f&FlagC == FlagC, f)
	s := State("ready")
	fmt.Println(s == Ready, s == Running)
	counts := map[int]int{Limit: 1}
	fmt.Println(counts[5], counts[Limit])
	switch p {
	case High:
		fmt.Println("switch: high")
	default:
		fmt.Println("switch: other")
	}
}
