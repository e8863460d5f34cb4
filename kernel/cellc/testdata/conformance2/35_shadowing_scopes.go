// Shadowing, if/else init statements, switch init, const iota expressions and closures.
package main

import (
	"errors"
	"fmt"
	"strconv"
)

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
)

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
	_
	Thursday
)

type Size uint8

const (
	Small Size = iota + 1
	Medium
	Large = Medium * 10
)

func parse(s string) (n int, err error) {
	if n, err := strconv.Atoi(s); err != nil {
		return -1, fmt.Errorf("parse %q: %w", s, err)
	} else if n < 0 {
		return 0, errors.New("negative")
	} else {
		_ = n
	}
	n, err = strconv.Atoi(s)
	return n * 2, err
}

func main() {
	fmt.Println(KB, MB, GB, Thursday, Large, Medium)
	x := 1
	{
		x := 2
		x++
		_ = x
	}
	if x := 5; x > 3 {
		fmt.Println("inner x", x)
	}
	fmt.Println("outer x", x)
	for _, s := range []string{"21", "-4", "abc"} {
		n, err := parse(s)
		fmt.Println(n, err)
	}
	switch y := x * 10; {
	case y > 5:
		fmt.Println("y big", y)
	default:
		fmt.Println("y small", y)
	}
	var err error
	if _, err := strconv.ParseBool("maybe"); err != nil {
		fmt.Println("inner err set")
	}
	fmt.Println("outer err nil:", err == nil)
	fns := []func() int{}
	for i := range 3 {
		i := i * 10
		fns = append(fns, func() int { return i })
	}
	for _, f := range fns {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	type T = int
	var t T = 3
	fmt.Printf("%T %v\n", t, t)
	const big = 1 << 62
	fmt.Println(big>>60, uint8(254)+1 == 255)
	var u8 uint8 = 255
	u8++
	var i8 int8 = 127
	i8++
	fmt.Println(u8, i8, -7/2, -7%2, 7>>1, 1<<3|1, 6&^3)
	f := 0.1 + 0.2
	fmt.Println(f, f == 0.3, float32(f))
}
