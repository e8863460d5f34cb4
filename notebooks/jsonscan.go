package notebooks

import (
	"encoding/json"
	"strings"
)

// The functions here split valid JSON into the raw members of an object or
// the raw elements of a list in one quick pass, without decoding values.
// They rely on their input having passed json.Valid; the notebook tree is
// checked once and then split level by level, instead of being scanned again
// by json.Unmarshal at every level.

// skipSpace returns the index of the first non-space byte at or after i.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the index just past the JSON value starting at i.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return i
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				i = skipString(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	default:
		for i < len(data) && !strings.ContainsRune(",}] \t\r\n", rune(data[i])) {
			i++
		}
		return i
	}
}

// skipString returns the index just past the string starting at i.
func skipString(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// splitObject returns the members of the JSON object raw; false when raw is
// not an object. A repeated key keeps its last value, as json.Unmarshal does.
func splitObject(raw []byte) (map[string]json.RawMessage, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	m := map[string]json.RawMessage{}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return m, true
	}
	for i < len(raw) {
		end := skipString(raw, i)
		key := string(raw[i+1 : end-1])
		if strings.ContainsRune(key, '\\') {
			if err := json.Unmarshal(raw[i:end], &key); err != nil {
				return nil, false
			}
		}
		i = skipSpace(raw, end)
		i = skipSpace(raw, i+1) // the colon
		vend := skipValue(raw, i)
		m[key] = json.RawMessage(raw[i:vend])
		i = skipSpace(raw, vend)
		if i >= len(raw) || raw[i] == '}' {
			break
		}
		i = skipSpace(raw, i+1) // the comma
	}
	return m, true
}

// splitArray returns the elements of the JSON list raw; false when raw is
// not a list.
func splitArray(raw []byte) ([]json.RawMessage, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, false
	}
	list := []json.RawMessage{}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return list, true
	}
	for i < len(raw) {
		end := skipValue(raw, i)
		list = append(list, json.RawMessage(raw[i:end]))
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] == ']' {
			break
		}
		i = skipSpace(raw, i+1)
	}
	return list, true
}
