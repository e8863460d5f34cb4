package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

type Celsius float64
type Fahrenheit float64

func CToF(c Celsius) Fahrenheit { return Fahrenheit(c*9/5 + 32) }

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

type Flags uint8

const (
	FlagA Flags = 1 << iota
	FlagB
	FlagC
)

func (f Flags) Has(x Flags) bool { return f&x != 0 }

func main() {
	var i8 int8 = 127
	i8++
	var u8 uint8 = 0
	u8--
	var u uint = 3
	fmt.Println(i8, u8, u-4 > 0, int32(math.MaxInt32)+int32(u-2))
	fmt.Println(7/2, -7/2, 7%3, -7%3, 7.0/2, 1<<10, 0xff&^0x0f, 5^3)
	f := FlagA | FlagC
	fmt.Println(f, f.Has(FlagB), f.Has(FlagC), f&^FlagA)
	fmt.Println(CToF(100), CToF(-40), Monday+Tuesday, Weekday(5))
	fmt.Println(math.Sqrt(2), math.Floor(-2.5), math.Round(2.5), math.Trunc(-2.7), math.Inf(1), -math.Inf(1), math.NaN())
	fmt.Println(math.MaxInt64, math.MinInt64, math.Pi, float32(0.1), 0.1+0.2)
	fmt.Printf("%.2f %v %v\n", 2.0/3, 1e100, 100000000.0)
	n, err := strconv.Atoi("12a")
	fmt.Println(n, err)
	var ne *strconv.NumError
	fmt.Println(errors.As(err, &ne), ne.Func, errors.Is(err, strconv.ErrSyntax))
	v, err := strconv.ParseInt("300", 10, 8)
	fmt.Println(v, err)
	fl, _ := strconv.ParseFloat("3.25", 64)
	b, _ := strconv.ParseBool("true")
	fmt.Println(fl, b, strconv.Itoa(-45), strconv.FormatInt(255, 2), strconv.Quote("a\"b"), strconv.FormatFloat(1.5, 'f', 3, 64))
	x := 10
	y := 0
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		fmt.Println(x / y)
	}()
	var fz float64
	fmt.Println(1/fz, -1/fz, fz/fz == fz/fz)
	ff := 3.99
	fmt.Println(int(ff), int(-ff), uint8(300%256), float64(7)/2, int64(1)<<62)
	var sum float32
	for range 10 {
		sum += 0.1
	}
	fmt.Println(sum, float64(sum) == 1.0)
	h := 17
	h ^= h << 13
	h ^= h >> 7
	fmt.Println(h, ^0, -(^0))
}
