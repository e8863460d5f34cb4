package notebooks

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Path limits.
const (
	maxPathLen    = 1024
	maxElementLen = 255
	maxDepth      = 16
)

// CheckPath returns an ErrBadPath error unless p is a path gonote accepts
// for a notebook: slash-separated, relative, and naming a place inside the
// store. Paths are taken as they are, never cleaned, so the path a user sees
// is the file on disk. Rejected:
//
//   - empty paths, over 1024 bytes, deeper than 16 elements, or an element
//     over 255 bytes;
//   - absolute paths, a trailing slash, empty, "." and ".." elements, and
//     elements starting with "." (hidden files, such as gonote's temporary
//     files);
//   - backslashes, and "%" followed by two hex digits (a percent-encoding
//     left undecoded, or decoded twice);
//   - invalid UTF-8, U+FFFD, control and format characters (NUL, newlines,
//     bidirectional overrides, zero-width characters), and elements that
//     start or end with white space;
//   - text not in Unicode normalization form NFC, so that two names that
//     look the same are the same name.
//
// Symbolic links are checked when a path is used: the store refuses any
// that leads outside its directory.
func CheckPath(p string) error {
	if err := checkPath(p); err != nil {
		return fmt.Errorf("%w %q: %s", ErrBadPath, p, err)
	}
	return nil
}

// pathError is the reason a path is refused.
type pathError string

func (e pathError) Error() string { return string(e) }

func checkPath(p string) error {
	switch {
	case p == "":
		return pathError("empty path")
	case len(p) > maxPathLen:
		return pathError(fmt.Sprintf("longer than %d bytes", maxPathLen))
	case !utf8.ValidString(p):
		return pathError("invalid UTF-8")
	case p[0] == '/':
		return pathError("absolute path")
	case strings.HasSuffix(p, "/"):
		return pathError("ends with a slash")
	case strings.ContainsRune(p, '\\'):
		return pathError("contains a backslash")
	case hasPercentEscape(p):
		return pathError("contains a percent-encoded character")
	}
	for _, r := range p {
		switch {
		case r == utf8.RuneError:
			return pathError("contains U+FFFD")
		case unicode.IsControl(r):
			return pathError(fmt.Sprintf("contains control character %U", r))
		case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r), r == '\u2028', r == '\u2029':
			return pathError(fmt.Sprintf("contains invisible or formatting character %U", r))
		}
	}
	if !norm.NFC.IsNormalString(p) {
		return pathError("not in Unicode normal form NFC")
	}
	elems := strings.Split(p, "/")
	if len(elems) > maxDepth {
		return pathError(fmt.Sprintf("deeper than %d folders", maxDepth))
	}
	for _, e := range elems {
		switch {
		case e == "":
			return pathError("empty path element")
		case e == "." || e == "..":
			return pathError(fmt.Sprintf("%q element", e))
		case e[0] == '.':
			return pathError("hidden name " + e)
		case len(e) > maxElementLen:
			return pathError(fmt.Sprintf("name longer than %d bytes", maxElementLen))
		}
		first, _ := utf8.DecodeRuneInString(e)
		last, _ := utf8.DecodeLastRuneInString(e)
		if unicode.IsSpace(first) || unicode.IsSpace(last) {
			return pathError("name starts or ends with white space")
		}
	}
	return nil
}

// hasPercentEscape reports whether s holds "%" followed by two hex digits.
func hasPercentEscape(s string) bool {
	for i := strings.IndexByte(s, '%'); i >= 0 && i+2 < len(s); {
		if isHex(s[i+1]) && isHex(s[i+2]) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '%')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
