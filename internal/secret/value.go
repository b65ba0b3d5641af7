package secret

import "strings"

// LiteralValue reports whether v is a real literal value that could be a
// credential, as opposed to nothing, a reference or a placeholder.
//
// Not literal: empty or whitespace; quotes around nothing; references
// ($VAR, ${VAR}, ${VAR:-x}, $(cat /run/secrets/x), `cmd`, %VAR%, and any
// value with a $ reference inside: a value built from variables is not a
// leaked literal); templates ({{ .Values.x }}, {.jsonpath}, #{x}, @x@,
// __X__, <your-token>); booleans and nulls (true, false, yes, no, on, off,
// null, nil, none, undefined); one or two digits (flags and counts); runs
// of one character (xxx, ***, ..., 0000); values without a letter or digit
// ([], \\); UPPER_SNAKE names (YOUR_API_KEY, INSERT_TOKEN) and bare
// upper-case credential words (TOKEN, SECRET); and obvious placeholders
// (changeme, change_me, replaceme, placeholder, redacted, todo, your_…,
// …_here, example, dummy).
//
// changeme and changeit are treated as placeholders: they say "put the real
// secret here". An image that really ships them has a default-credentials
// problem, which is a different finding from a leaked secret. Weak but real
// passwords such as postgres, root, secret or password are literals.
func LiteralValue(v string) bool {
	v = unquote(strings.TrimSpace(v))
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	if isReference(v) || isTemplate(v) {
		return false
	}
	low := strings.ToLower(v)
	if placeholderWords[low] || !hasAlnum(v) {
		return false
	}
	if upperSnake(v) || strings.ToUpper(v) == v && credentialWord(low) {
		return false // YOUR_API_KEY, INSERT_TOKEN, TOKEN: a variable's name, not its value
	}
	if len(v) <= 2 && allDigits(v) {
		return false
	}
	if oneCharRun(v) {
		return false
	}
	for _, p := range []string{"your_", "your-", "yourpass", "yoursecret", "yourtoken", "youraccess", "yourapi", "placeholder", "redacted", "replace_me", "replaceme", "replace-me", "change_me", "changeme", "change-me", "changeit", "example", "dummy", "xxxx", "****"} {
		if strings.Contains(low, p) {
			return false
		}
	}
	for _, s := range []string{"_here", "-here", " here"} {
		if strings.HasSuffix(low, s) {
			return false
		}
	}
	return true
}

var placeholderWords = setOf(
	"true", "false", "yes", "no", "on", "off", "null", "nil", "none",
	"undefined", "unset", "empty", "n/a", "na", "tbd", "todo", "fixme", "-",
	"~", "...", "<nil>", "required",
)

func unquote(v string) string {
	if len(v) >= 2 {
		f, l := v[0], v[len(v)-1]
		if (f == '"' || f == '\'') && f == l {
			return v[1 : len(v)-1]
		}
	}
	return v
}

// isReference reports values that take their content from elsewhere.
func isReference(v string) bool {
	if v[0] == '`' {
		return true
	}
	for i := 0; i < len(v); i++ {
		if v[i] != '$' {
			continue
		}
		if i+1 < len(v) && v[i+1] == '$' { // compose's escaped $
			// $$(cmd) and $${VAR} reach the container's shell, which expands them.
			if i+2 < len(v) && (v[i+2] == '(' || v[i+2] == '{') {
				return true
			}
			i++
			continue
		}
		if i+1 < len(v) {
			c := v[i+1]
			if c == '{' || c == '(' || c == '_' || isAlpha(c) {
				return true
			}
		}
	}
	if len(v) > 2 && v[0] == '%' && v[len(v)-1] == '%' {
		return true
	}
	for _, call := range []string{"os.environ", "os.getenv", "process.env.", "System.getenv", "ENV["} {
		if strings.Contains(v, call) {
			return true
		}
	}
	return false
}

func isTemplate(v string) bool {
	switch {
	case strings.Contains(v, "{{") && strings.Contains(v, "}}"):
		return true
	case strings.HasPrefix(v, "{") && strings.HasSuffix(v, "}"):
		return true // {.jsonpath}, {placeholder}
	case strings.Contains(v, "#{") && strings.Contains(v, "}"):
		return true
	case len(v) > 2 && v[0] == '@' && v[len(v)-1] == '@':
		return true
	case len(v) > 4 && strings.HasPrefix(v, "__") && strings.HasSuffix(v, "__"):
		return true
	case strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">"):
		return true
	}
	return false
}

// upperSnake reports constant-like names: GOOGLE_API_KEY_VAL.
func upperSnake(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' || strings.IndexByte(s, '_') < 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func hasAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; isAlpha(c) || c >= '0' && c <= '9' || c >= 0x80 {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func oneCharRun(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return len(s) > 1
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
