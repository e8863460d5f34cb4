// Named types of basic kinds in interfaces: assertions and type switches
// to them, assertions to their kind, and printing them.
package main

import "fmt"

// Text has no methods: in an interface it is a plain string.
type Text string

// Level has a method: in an interface it is in the interpreter's wrapper.
type Level string

func (l Level) Loud() bool { return l == "high" }

// Code has a method too, and the same kind as Level.
type Code string

func (c Code) Valid() bool { return c != "" }

func kind(v any) string {
	switch x := v.(type) {
	case string:
		return "string " + x
	case Level:
		return fmt.Sprint("Level ", string(x), " ", x.Loud())
	case Code:
		return "Code " + string(x)
	case int:
		return "int"
	}
	return "other"
}

func main() {
	var a any = Text("x")
	t, ok := a.(Text)
	fmt.Println(t, ok)
	switch x := a.(type) {
	case int:
		fmt.Println("int", x)
	case Text:
		fmt.Println("Text", x)
	}

	vals := []any{Level("high"), Code("c1"), "plain", 4, Level("low")}
	for _, v := range vals {
		_, isString := v.(string)
		_, isLevel := v.(Level)
		fmt.Println(kind(v), isString, isLevel)
	}
	fmt.Println(vals...)
	fmt.Println(vals)
	fmt.Printf("%v %s %T\n", vals[0], vals[1], vals[1])
}
