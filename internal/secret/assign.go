package secret

import (
	"fmt"
	"regexp"
	"strings"
)

// Assignment is a secret-like name given a literal value on one line of a
// text. Start and End are the byte offsets of the value (without quotes) in
// the whole text; Line is 1-based. Reason says why, without the value.
type Assignment struct {
	Name, Value string
	Line        int
	Start, End  int
	Reason      string
}

var (
	// ENV/ARG instruction head; the rest is parsed by parseInstruction.
	instrHead = regexp.MustCompile(`(?i)^\s*(ENV|ARG)\s+`)
	// KEY=value (dotenv, compose list items, shell export).
	envLine = regexp.MustCompile(`^\s*(?:-\s+)?(["']?)(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)=`)
	// key: value (YAML, also JSON "key": "value").
	yamlLine = regexp.MustCompile(`^(\s*)(-\s+)?(["']?)([A-Za-z0-9_.\-]+)["']?\s*:(?:\s+|$)`)
)

// ScanAssignments finds lines that give a secret-like name (SecretLikeName)
// a literal value (LiteralValue, and not a file path) in the forms used by
// container files: Dockerfile `ENV KEY=value`, `ENV KEY value` and
// `ARG KEY=value` (continuation lines included), `KEY=value` (dotenv,
// compose environment lists, export), YAML/JSON `key: value`, and
// Kubernetes env entries (`- name: KEY` followed by `value: …`, reported on
// the value's line). Block scalars (`key: |`) are not read.
func ScanAssignments(text string) []Assignment {
	var out []Assignment
	var envName string
	envIndent := -1
	inInstr := false
	lineNo := 0
	for off := 0; off <= len(text); {
		lineNo++
		nl := strings.IndexByte(text[off:], '\n')
		end := len(text)
		if nl >= 0 {
			end = off + nl
		}
		line := strings.TrimSuffix(text[off:end], "\r")
		add := func(name string, vs, ve int, form string) {
			val := line[vs:ve]
			if secretAssignment(name, val) {
				out = append(out, Assignment{Name: name, Value: val, Line: lineNo, Start: off + vs, End: off + ve,
					Reason: fmt.Sprintf("%s gives the secret-like name %q a literal value", form, name)})
			}
		}

		switch {
		case inInstr || instrHead.MatchString(line):
			rest := 0
			if !inInstr {
				m := instrHead.FindStringSubmatchIndex(line)
				rest = m[1]
				kw := strings.ToUpper(line[m[2]:m[3]])
				parseInstruction(line, rest, kw, add)
			} else {
				parseInstruction(line, 0, "ENV", add)
			}
			inInstr = strings.HasSuffix(strings.TrimRight(line, " \t"), `\`)
		case envLine.MatchString(line) && !strings.Contains(line[:strings.IndexByte(line, '=')], ":"):
			m := envLine.FindStringSubmatchIndex(line)
			q := line[m[2]:m[3]]
			name := line[m[4]:m[5]]
			vs, ve := valueSpan(line, m[1], q)
			add(name, vs, ve, "KEY=value")
		case yamlLine.MatchString(line):
			m := yamlLine.FindStringSubmatchIndex(line)
			indent := m[3] - m[2]
			if m[4] >= 0 {
				indent = m[5] // "- name:" keys sit after the dash
			}
			key := line[m[8]:m[9]]
			vs, ve := valueSpan(line, m[1], "")
			if vs == ve {
				break
			}
			switch {
			case key == "name":
				envName, envIndent = unquote(line[vs:ve]), indent
			case key == "value" && envName != "" && indent == envIndent:
				add(envName, vs, ve, "Kubernetes env entry")
				envName = ""
			default:
				add(key, vs, ve, "key: value")
			}
		}
		if envName != "" && strings.TrimSpace(line) != "" && leadingSpace(line) < envIndent && !strings.Contains(line, "name:") {
			envName = ""
		}
		if nl < 0 {
			break
		}
		off = end + 1
	}
	return out
}

// parseInstruction reads the KEY=value pairs (or the legacy `ENV KEY value`
// form) of an ENV/ARG line from byte i on.
func parseInstruction(line string, i int, kw string, add func(name string, vs, ve int, form string)) {
	form := kw + " instruction"
	first := true
	for i < len(line) {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) || line[i] == '\\' || line[i] == '#' && !first {
			return
		}
		ns := i
		for i < len(line) && line[i] != '=' && line[i] != ' ' && line[i] != '\t' {
			i++
		}
		name := line[ns:i]
		if i >= len(line) || line[i] != '=' {
			if first && kw == "ENV" && i < len(line) { // legacy ENV KEY value
				vs := i
				for vs < len(line) && (line[vs] == ' ' || line[vs] == '\t') {
					vs++
				}
				ve := len(strings.TrimRight(line, " \t\\"))
				if vs < ve {
					s, e := stripQuotes(line, vs, ve)
					add(name, s, e, form)
				}
				return
			}
			first = false
			continue // ARG NAME without a default
		}
		first = false
		i++ // past '='
		vs := i
		if i < len(line) && (line[i] == '"' || line[i] == '\'') {
			q := line[i]
			j := strings.IndexByte(line[i+1:], q)
			if j < 0 {
				return
			}
			add(name, i+1, i+1+j, form)
			i = i + 2 + j
			continue
		}
		for i < len(line) && line[i] != ' ' && line[i] != '\t' {
			i++
		}
		add(name, vs, i, form)
	}
}

// valueSpan returns the value after byte i of line: unquoted, without a
// trailing comment, comma or the closing quote q of the whole item.
func valueSpan(line string, i int, q string) (int, int) {
	end := len(line)
	if q != "" {
		if j := strings.LastIndex(line, q); j >= i {
			end = j
		}
	}
	for i < end && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if strings.HasPrefix(line[i:end], `\"`) { // password=\"x\" inside a quoted string
		if j := strings.Index(line[i+2:end], `\"`); j >= 0 {
			return i + 2, i + 2 + j
		}
	}
	if i < end && (line[i] == '"' || line[i] == '\'') {
		if j := strings.IndexByte(line[i+1:end], line[i]); j >= 0 {
			return i + 1, i + 1 + j
		}
	}
	if j := strings.Index(line[i:end], " #"); j >= 0 {
		end = i + j
	}
	v := strings.TrimRight(line[i:end], " \t,")
	if strings.HasPrefix(v, "|") || strings.HasPrefix(v, ">") || strings.HasPrefix(v, "&") || strings.HasPrefix(v, "*") || strings.HasPrefix(v, "#") {
		return i, i
	}
	return i, i + len(v)
}

func stripQuotes(line string, s, e int) (int, int) {
	if e-s >= 2 && (line[s] == '"' || line[s] == '\'') && line[e-1] == line[s] {
		return s + 1, e - 1
	}
	return s, e
}

func leadingSpace(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t"))
}
