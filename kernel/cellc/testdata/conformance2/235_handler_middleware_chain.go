// A request pipeline like a web framework's: handlers are function types
// with methods, middleware wraps handlers, and a context carries the
// request id and timing down the chain.
package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

type Request struct {
	Path string
	User string
}

type Response struct {
	Status int
	Body   string
}

type Handler interface {
	Serve(ctx context.Context, r Request) Response
}

type HandlerFunc func(ctx context.Context, r Request) Response

func (f HandlerFunc) Serve(ctx context.Context, r Request) Response { return f(ctx, r) }

type Middleware func(Handler) Handler

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyTrace
)

func Chain(h Handler, mws ...Middleware) Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

func WithRequestID(next Handler) Handler {
	n := 0
	return HandlerFunc(func(ctx context.Context, r Request) Response {
		n++
		ctx = context.WithValue(ctx, keyRequestID, fmt.Sprintf("req-%03d", n))
		return next.Serve(ctx, r)
	})
}

func Trace(name string) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, r Request) Response {
			trace, _ := ctx.Value(keyTrace).(*[]string)
			if trace != nil {
				*trace = append(*trace, "> "+name)
			}
			resp := next.Serve(ctx, r)
			if trace != nil {
				*trace = append(*trace, fmt.Sprintf("< %s %d", name, resp.Status))
			}
			return resp
		})
	}
}

var ErrForbidden = errors.New("forbidden")

func Auth(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, r Request) Response {
		if r.User == "" {
			return Response{401, ErrForbidden.Error()}
		}
		return next.Serve(ctx, r)
	})
}

func Timeout(d time.Duration) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, r Request) Response {
			ctx, cancel := context.WithTimeout(ctx, d)
			defer cancel()
			done := make(chan Response, 1)
			go func() { done <- next.Serve(ctx, r) }()
			select {
			case resp := <-done:
				return resp
			case <-ctx.Done():
				return Response{504, "gateway timeout: " + ctx.Err().Error()}
			}
		})
	}
}

func app(ctx context.Context, r Request) Response {
	id, _ := ctx.Value(keyRequestID).(string)
	switch {
	case r.Path == "/slow":
		<-ctx.Done()
		return Response{500, "too late"}
	case strings.HasPrefix(r.Path, "/hello/"):
		return Response{200, fmt.Sprintf("[%s] hello, %s from %s", id, strings.TrimPrefix(r.Path, "/hello/"), r.User)}
	}
	return Response{404, "[" + id + "] no route " + r.Path}
}

func main() {
	h := Chain(HandlerFunc(app), WithRequestID, Trace("outer"), Auth, Trace("inner"), Timeout(5*time.Millisecond))
	reqs := []Request{{"/hello/world", "kim"}, {"/hello/go", ""}, {"/nope", "lee"}, {"/slow", "park"}}
	for _, r := range reqs {
		var trace []string
		ctx := context.WithValue(context.Background(), keyTrace, &trace)
		resp := h.Serve(ctx, r)
		fmt.Printf("%-13s %d %s\n", r.Path, resp.Status, resp.Body)
		fmt.Println("   trace:", strings.Join(trace, " "))
	}
	var f HandlerFunc = app
	fmt.Println(f.Serve(context.Background(), Request{Path: "/hello/x", User: "u"}).Body)
	fmt.Println(keyRequestID, keyTrace)
}
