// Values stored as any keep their dynamic type and methods; type switches.
package main

import (
	"fmt"
	"strconv"
)

type Stringer interface{ String() string }

type Celsius float64

func (c Celsius) String() string { return strconv.FormatFloat(float64(c), 'f', 1, 64) + "°C" }

type User struct {
	Name string
	Age  int
}

func (u User) String() string { return u.Name + "(" + strconv.Itoa(u.Age) + ")" }

type Admin struct {
	User
	Level int
}

type Walker interface{ Walk() string }
type Runner interface {
	Walker
	Run() string
}

type Dog struct{ name string }

func (d *Dog) Walk() string { return d.name + " walks" }
func (d *Dog) Run() string  { return d.name + " runs" }

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int, int64:
		return fmt.Sprintf("integer %v", x)
	case string:
		return "string " + strconv.Quote(x)
	case Stringer:
		return "stringer " + x.String()
	case error:
		return "error " + x.Error()
	case []any:
		s := "list:"
		for _, e := range x {
			s += " " + describe(e)
		}
		return s
	case func() int:
		return fmt.Sprint("func returning ", x())
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func main() {
	var v any = User{"ann", 30}
	if s, ok := v.(Stringer); ok {
		fmt.Println("user is stringer:", s.String())
	}
	u := v.(User)
	fmt.Println(u.Name, v)
	var a any = Admin{User{"root", 40}, 9}
	fmt.Println(a)
	_, isStringer := a.(fmt.Stringer)
	fmt.Println("admin promoted String:", isStringer)

	things := []any{1, int64(2), "three", Celsius(21.5), User{"bob", 5}, fmt.Errorf("bad"), nil, []any{1, "x"}, 3.5, func() int { return 7 }, &Dog{"rex"}}
	for _, t := range things {
		fmt.Println(describe(t))
	}
	var w Walker = &Dog{"fido"}
	if r, ok := w.(Runner); ok {
		fmt.Println(r.Run())
	}
	m := map[string]any{"n": 1, "s": "x", "c": Celsius(0)}
	for _, k := range []string{"c", "n", "s"} {
		fmt.Printf("%s: %v (%T)\n", k, m[k], m[k])
	}
	var st Stringer = Celsius(-3)
	var anyS any = st
	c, ok := anyS.(Celsius)
	fmt.Println(c, ok, float64(c))
	_, ok = anyS.(User)
	fmt.Println("is user:", ok)
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		_ = anyS.(User)
	}()
}
