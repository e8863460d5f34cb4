// async with: acquire a resource, always release it, even when the body
// fails or panics; nested managers release in reverse order.
package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

type Conn struct {
	name   string
	closed bool
	log    *[]string
}

func (c *Conn) Close() error {
	if c.closed {
		return fmt.Errorf("%s: already closed", c.name)
	}
	c.closed = true
	*c.log = append(*c.log, "close "+c.name)
	return nil
}

func (c *Conn) Exec(q string) error {
	*c.log = append(*c.log, c.name+": "+q)
	if strings.Contains(q, "DROP") {
		return errors.New("permission denied")
	}
	return nil
}

// with runs body with a freshly opened resource and closes it afterwards;
// the close error joins the body's error.
func with[R io.Closer](open func() (R, error), body func(R) error) (err error) {
	r, err := open()
	if err != nil {
		return fmt.Errorf("enter: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("body panicked: %v", p)
		}
		err = errors.Join(err, r.Close())
	}()
	return body(r)
}

func main() {
	var log []string
	opener := func(name string) func() (*Conn, error) {
		return func() (*Conn, error) {
			if name == "" {
				return nil, errors.New("no host")
			}
			log = append(log, "open "+name)
			return &Conn{name: name, log: &log}, nil
		}
	}

	err := with(opener("db"), func(c *Conn) error {
		return c.Exec("SELECT 1")
	})
	fmt.Println("ok case err:", err)

	err = with(opener("db"), func(c *Conn) error {
		return with(opener("cache"), func(k *Conn) error {
			if err := k.Exec("GET user:1"); err != nil {
				return err
			}
			return c.Exec("DROP TABLE users")
		})
	})
	fmt.Println("nested err:", err)

	err = with(opener("db"), func(c *Conn) error {
		c.Close() // closed early by mistake
		return nil
	})
	fmt.Println("double close:", err)

	err = with(opener("queue"), func(c *Conn) error {
		var m map[string]int
		m["x"]++
		return nil
	})
	fmt.Println("panic case:", err)

	err = with(opener(""), func(c *Conn) error { return nil })
	fmt.Println("enter failed:", err)

	for i, l := range log {
		fmt.Printf("%2d %s\n", i+1, l)
	}
}
