package notebooks

import (
	"strings"
	"unicode/utf8"
)

// splitLines splits s after each line break, keeping the breaks, exactly as
// Python's str.splitlines(True) does; nbformat writes multi-line strings as
// such lists, so writing the same split keeps JupyterLab's files byte-equal.
func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		end := -1
		switch r {
		case '\r':
			end = i + 1
			if end < len(s) && s[end] == '\n' {
				end++
			}
		case '\n', '\v', '\f', '\x1c', '\x1d', '\x1e', '\u0085', '\u2028', '\u2029':
			end = i + size
		}
		if end < 0 {
			i += size
			continue
		}
		lines = append(lines, s[start:end])
		start, i = end, end
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// lfLines splits s into lines after each "\n", keeping the "\n"; the last
// line has none when s does not end with one.
func lfLines(s string) []string {
	var lines []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// trimEOL removes a trailing "\n" or "\r\n".
func trimEOL(line string) string {
	line = strings.TrimSuffix(line, "\n")
	return strings.TrimSuffix(line, "\r")
}

// trimIndent removes up to three leading spaces, the indentation Markdown
// allows before a heading or a fence.
func trimIndent(line string) string {
	for i := 0; i < 3 && strings.HasPrefix(line, " "); i++ {
		line = line[1:]
	}
	return line
}

// isBlank reports whether line holds only spaces, tabs and line breaks.
func isBlank(line string) bool {
	return strings.Trim(line, " \t\r\n") == ""
}

func trimSpace(s string) string { return strings.Trim(s, " \t\r\n") }
