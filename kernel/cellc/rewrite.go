package cellc

// rewrite runs the passes, in order, over the cell's checked syntax trees.
// Each pass restores one piece of Go's semantics that the interpreter lacks;
// see the package documentation for the list.
func (c *compilation) rewrite() error {
	c.seedImports()
	for _, p := range passes {
		if err := p.run(c); err != nil {
			return err
		}
	}
	return nil
}

// A pass is one named rewrite.
type pass struct {
	name string
	run  func(c *compilation) error
}

// passes run in this order. Passes that replace loops run before the
// loop-variable pass (they give their bodies fresh variables themselves);
// the go/defer pass runs last but one, after every rewrite that may move
// code into closures.
var passes = []pass{
	{"generics", passGenerics},
	{"builtins", passBuiltins},
	{"rangeint", passRangeInt},
	{"rangechan", passRangeChan},
	{"rangefunc", passRangeFunc},
	{"loopvar", passLoopVar},
	{"recvreturn", passRecvReturn},
	{"select", passSelect},
	{"callargs", passCallArgs},
	{"funcarg", passFuncArg},
}
