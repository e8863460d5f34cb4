package cellc

import (
	"go/ast"

	"golang.org/x/tools/go/ast/astutil"
)

// passClosures makes every function literal evaluated in a loop body, and
// not called on the spot, inside a function of its own (privateClosure).
// Whenever such a closure is called through a value (from a goroutine, from
// native code, or through a variable), the interpreter writes a stale value
// back into the slot of the frame that made it; in a loop, the next
// iteration could pick that stale closure up instead of its own. Go
// statements and arguments of native calls are already made this way by
// the callargs and funcarg passes.
func passClosures(c *compilation) error {
	type level struct{ loops int }
	stack := []level{{}}
	c.apply(func(cur *astutil.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.FuncLit:
			if c.synthetic[n] {
				return false
			}
			stack = append(stack, level{})
		case *ast.FuncDecl:
			stack = append(stack, level{})
		case *ast.ForStmt, *ast.RangeStmt:
			stack[len(stack)-1].loops++
		}
		return true
	}, func(cur *astutil.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			stack = stack[:len(stack)-1]
		case *ast.ForStmt, *ast.RangeStmt:
			stack[len(stack)-1].loops--
		case *ast.FuncLit:
			stack = stack[:len(stack)-1]
			if stack[len(stack)-1].loops == 0 {
				return true
			}
			if call, ok := cur.Parent().(*ast.CallExpr); ok && cur.Name() == "Fun" && call.Fun == n {
				return true // called on the spot
			}
			if _, ok := cur.Parent().(*ast.ReturnStmt); ok {
				if c.synthetic[cur.Parent()] {
					return true
				}
			}
			out := privateClosure(n)
			c.markPrivate(out)
			cur.Replace(out)
		}
		return true
	})
	return nil
}

// markPrivate records the function literals privateClosure wrote, so that
// passClosures leaves them alone.
func (c *compilation) markPrivate(e ast.Expr) {
	call := e.(*ast.CallExpr)
	outer := call.Fun.(*ast.FuncLit)
	c.synthetic[outer] = true
	c.synthetic[outer.Body.List[0]] = true
}
