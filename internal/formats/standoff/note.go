package standoff

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field is one item of a note: Key "" for a bare word.
type Field struct {
	Key, Value string
}

var noteKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$`)

// ParseNote splits a note into fields separated by white space: key=value
// pairs, whose value is a bare word or a double-quoted string with Go/JSON
// escapes (title="إدارة بايدن"), and bare words. A key is lower case, with
// at most one dot (name.en).
func ParseNote(s string) ([]Field, error) {
	var out []Field
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '=' && rs[j] != '"' {
			j++
		}
		f := Field{}
		if j < len(rs) && rs[j] == '=' && noteKeyRE.MatchString(string(rs[i:j])) {
			f.Key, i = string(rs[i:j]), j+1
		}
		if i < len(rs) && rs[i] == '"' {
			j = i + 1
			for j < len(rs) && rs[j] != '"' {
				if rs[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("unterminated quoted value at %q", clip(string(rs[i:])))
			}
			v, err := strconv.Unquote(string(rs[i : j+1]))
			if err != nil {
				return nil, fmt.Errorf("bad quoted value %s: %v", clip(string(rs[i:j+1])), err)
			}
			f.Value, i = v, j+1
		} else {
			j = i
			for j < len(rs) && !unicode.IsSpace(rs[j]) {
				j++
			}
			f.Value, i = string(rs[i:j]), j
		}
		if f.Key != "" && f.Value == "" {
			return nil, fmt.Errorf("%s= has no value", f.Key)
		}
		out = append(out, f)
	}
	return out, nil
}

// FormatNote writes fields as ParseNote reads them, quoting values that
// need it.
func FormatNote(fields []Field) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		v := f.Value
		if v == "" || strings.ContainsAny(v, "\"\\=") || strings.IndexFunc(v, unicode.IsSpace) >= 0 {
			v = strconv.Quote(v)
		}
		if f.Key != "" {
			v = f.Key + "=" + v
		}
		parts[i] = v
	}
	return strings.Join(parts, " ")
}

func clip(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// Quote is s quoted for a message, its first 40 characters only, with "…"
// after when it has more.
func Quote(s string) string {
	q := fmt.Sprintf("%.40q", s)
	if utf8.RuneCountInString(s) > 40 {
		q += "…"
	}
	return q
}
