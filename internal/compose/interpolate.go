package compose

import (
	"strings"

	"github.com/compose-spec/compose-go/v2/template"
)

// substitute expands Compose variable references in s, never failing:
//
//	$$            a literal $
//	$NAME ${NAME} the value, or "" when NAME is unset
//	${NAME:-def}  def when NAME is unset or empty     ${NAME-def}  def when unset
//	${NAME:+alt}  alt when NAME is set and not empty  ${NAME+alt}  alt when set
//	${NAME:?msg}  the value, or "" when unset/empty   ${NAME?msg}  the value, or ""
//
// def and alt may hold references themselves. A malformed reference is kept
// as written. Unlike compose-go's template.Substitute it logs nothing, so a
// missing variable never fails a load and no value reaches a log.
//
// With keepMissing, a reference to an unset variable that has no default is
// kept as written instead of becoming "" (Load retries that way when the
// empty value made the file invalid, e.g. "${MEDIA}:/media").
func substituter(keepMissing bool) func(string, template.Mapping) (string, error) {
	return func(s string, lookup template.Mapping) (string, error) {
		if strings.IndexByte(s, '$') < 0 {
			return s, nil
		}
		return expand(s, lookup, 0, keepMissing), nil
	}
}

func expand(s string, lookup template.Mapping, depth int, keep bool) string {
	if depth > 20 || strings.IndexByte(s, '$') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c != '$' || i+1 >= len(s) {
			b.WriteByte(c)
			i++
			continue
		}
		next := s[i+1]
		switch {
		case next == '$':
			b.WriteByte('$')
			i += 2
		case next == '{':
			end := closingBrace(s, i+2)
			if end < 0 {
				b.WriteString(s[i:])
				return b.String()
			}
			b.WriteString(braced(s[i+2:end], lookup, depth, keep))
			i = end + 1
		case isNameStart(next):
			j := i + 2
			for j < len(s) && isNameChar(s[j]) {
				j++
			}
			v, set := lookup(s[i+1 : j])
			if !set && keep {
				v = s[i:j]
			}
			b.WriteString(v)
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// braced expands the inside of ${...}.
func braced(body string, lookup template.Mapping, depth int, keep bool) string {
	j := 0
	for j < len(body) && isNameChar(body[j]) {
		j++
	}
	name, rest := body[:j], body[j:]
	if name == "" {
		return "${" + body + "}"
	}
	value, set := lookup(name)
	if !set && keep && (rest == "" || strings.HasPrefix(rest, "?") || strings.HasPrefix(rest, ":?")) {
		return "${" + body + "}"
	}
	if rest == "" {
		return value
	}
	op, arg := rest[:1], rest[1:]
	colon := false
	if op == ":" && len(rest) > 1 {
		colon = true
		op, arg = rest[1:2], rest[2:]
	}
	switch op {
	case "-":
		if !set || (colon && value == "") {
			return expand(arg, lookup, depth+1, keep)
		}
		return value
	case "+":
		if set && (!colon || value != "") {
			return expand(arg, lookup, depth+1, keep)
		}
		return ""
	case "?":
		return value
	}
	return "${" + body + "}"
}

// closingBrace returns the index of the } closing the reference whose body
// starts at from, counting nested ${ }, or -1.
func closingBrace(s string, from int) int {
	open := 1
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '{':
			open++
		case '}':
			open--
			if open == 0 {
				return i
			}
		}
	}
	return -1
}

func isNameStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isNameChar(c byte) bool {
	return isNameStart(c) || (c >= '0' && c <= '9')
}
