package cellc

import (
	"go/scanner"
	"go/token"
)

// A chunk is one top-level statement or declaration of a cell, as byte
// offsets into the cell's source.
type chunk struct {
	start, end int
	decl       bool // a declaration (import, const, type, var, func, method)
}

// split cuts a REPL cell into its top-level statements and declarations,
// the way a reader sees them: a line starting with import, const, type,
// var or func NAME is a declaration, anything else (including a func
// literal) is a statement. It also reports whether the cell is a whole
// program, starting with a package clause. Syntax errors are left for the
// parser to report.
func split(src string) (chunks []chunk, program bool) {
	type tok struct {
		tok token.Token
		off int
		lit string
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var sc scanner.Scanner
	sc.Init(file, []byte(src), nil, 0)
	var toks []tok
	for {
		pos, t, lit := sc.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{t, file.Offset(pos), lit})
	}
	if len(toks) > 0 && toks[0].tok == token.PACKAGE {
		return nil, true
	}
	classify := func(i int) bool {
		switch toks[i].tok {
		case token.IMPORT, token.CONST, token.TYPE, token.VAR:
			return true
		case token.FUNC:
			if i+1 >= len(toks) {
				return false
			}
			if toks[i+1].tok == token.IDENT {
				return true
			}
			if toks[i+1].tok != token.LPAREN {
				return false
			}
			// func (recv) Name( or func (recv) Name[ is a method;
			// func (params) ... { is a literal.
			depth := 0
			for j := i + 1; j < len(toks); j++ {
				switch toks[j].tok {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
				}
				if depth == 0 {
					return j+2 < len(toks) && toks[j+1].tok == token.IDENT &&
						(toks[j+2].tok == token.LPAREN || toks[j+2].tok == token.LBRACK)
				}
			}
		}
		return false
	}
	depth, start := 0, -1
	for i, t := range toks {
		if depth == 0 && start < 0 && t.tok != token.SEMICOLON {
			start = i
		}
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		case token.SEMICOLON:
			if depth == 0 && start >= 0 {
				end := t.off
				if t.lit == ";" {
					end++ // an explicit semicolon belongs to its statement
				}
				chunks = append(chunks, chunk{start: toks[start].off, end: end, decl: classify(start)})
				start = -1
			}
		}
	}
	if start >= 0 {
		chunks = append(chunks, chunk{start: toks[start].off, end: len(src), decl: classify(start)})
	}
	return chunks, false
}

// blank returns src with the bytes of the chunks for which keep is false
// replaced by spaces, keeping newlines, so positions do not move.
func blank(src string, chunks []chunk, keep func(chunk) bool) []byte {
	b := []byte(src)
	for _, c := range chunks {
		if keep(c) {
			continue
		}
		for i := c.start; i < c.end && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return b
}
