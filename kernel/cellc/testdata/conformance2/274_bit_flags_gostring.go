// Bit flags of a small unsigned type built with iota, tested with shifts
// by a variable, printed by a String method; and GoString for %#v.
package main

import (
	"fmt"
	"strings"
)

type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
)

var names = []string{"read", "write", "exec"}

func (p Perm) String() string {
	var parts []string
	for i, n := range names {
		if p&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

func (p Perm) Has(bit uint) bool { return p>>bit&1 == 1 }

type Mask uint16

type ID int

func (i ID) GoString() string { return fmt.Sprintf("ID(%d)", int(i)) }

type Point struct{ X, Y int }

func (p *Point) GoString() string { return fmt.Sprintf("&Point{%d, %d}", p.X, p.Y) }

type Row struct {
	Key  ID
	Perm Perm
}

func main() {
	fmt.Println(Read|Exec, Perm(0), Read|Write|Exec)
	fmt.Printf("%v %s %d %08b\n", Write, Write|Read, Write, Read|Exec)
	p := Read | Write
	for bit := uint(0); bit < 3; bit++ {
		fmt.Print(p.Has(bit), " ")
	}
	fmt.Println()
	var m Mask
	for _, b := range []int{0, 3, 15} {
		m |= 1 << b
	}
	n := 9
	fmt.Println(m, m&(1<<n) == 0, uint64(1)<<63>>n, int8(1)<<6)

	fmt.Printf("%#v %v %d\n", ID(7), ID(7), ID(7))
	fmt.Printf("%#v %#v\n", &Point{1, 2}, Point{3, 4})
	fmt.Printf("%#v\n", Row{9, Read})
	var x any = ID(5)
	fmt.Printf("%#v %#v\n", x, []ID{1, 2})
}
