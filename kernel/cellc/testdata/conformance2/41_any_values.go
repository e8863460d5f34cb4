package main

import (
	"fmt"
	"strconv"
)

type Stringer interface{ String() string }

type Celsius float64

func (c Celsius) String() string { return strconv.FormatFloat(float64(c), 'f', 1, 64) + "C" }

type User struct {
	name string
	Age  int
}

func (u User) String() string { return "U(" + u.name + ")" }

type Plain struct {
	a int
	B string
}

type Holder struct{ V any }

func viaParam(v any) any { return v }

func check(label string, v any) {
	_, ok1 := v.(fmt.Stringer)
	_, ok2 := v.(Stringer)
	_, ok3 := v.(User)
	_, ok4 := v.(Celsius)
	var s string
	if st, ok := v.(Stringer); ok {
		s = st.String()
	}
	fmt.Printf("%s: %v|%+v|%T|%t %t %t %t|%s\n", label, v, v, v, ok1, ok2, ok3, ok4, s)
}

func main() {
	vals := []any{Celsius(1), User{"ann", 3}, &User{"bob", 4}, Plain{1, "x"}, 3.5, 5, "str"}
	for i, x := range vals {
		check("slice"+strconv.Itoa(i), x)
	}
	var a1 any = Celsius(2)
	var a2 any = User{"cy", 5}
	var a3 any = &User{"di", 6}
	var a4 any = Plain{2, "y"}
	check("var1", a1)
	check("var2", a2)
	check("var3", a3)
	check("var4", a4)
	check("param1", viaParam(Celsius(3)))
	check("param2", viaParam(User{"ed", 7}))
	m := map[string]any{"c": Celsius(4), "u": User{"fay", 8}}
	check("map1", m["c"])
	check("map2", m["u"])
	h := Holder{User{"gus", 9}}
	check("field", h.V)
	check("direct1", Celsius(5))
	check("direct2", User{"hal", 10})
	fmt.Println(vals)
	fmt.Printf("%v\n%+v\n", h, h)
}
