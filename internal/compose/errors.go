package compose

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	// yamlLine finds the line in a YAML error ("yaml: line 12: ...").
	yamlLine = regexp.MustCompile(`\bline (\d+)\b`)
	// modelPath finds a dotted model path in a compose-go message
	// ("services.web.ports.0 must be a ...", "services.web.cap_add: ...").
	modelPath = regexp.MustCompile(`\b(services|networks|volumes|secrets|configs|include|name)((?:\.[A-Za-z0-9_\-/\[\]]+)*)`)
	// bracketIndex matches the [x] of mapstructure paths ("services[web].ports[0]").
	bracketIndex = regexp.MustCompile(`\[([^\]\s]+)\]`)
	// quotedService finds `service "web"` in compose-go messages.
	quotedService = regexp.MustCompile(`service "([^"]+)"`)
)

// yamlError converts a yaml.v3 syntax error into a *LoadError with its line.
func yamlError(file string, err error) *LoadError {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return &LoadError{File: file, Line: line, Msg: "invalid YAML: " + msg}
}

// loadError turns any load failure into a *LoadError located with the node
// index, with .env values masked.
func (p *Project) loadError(err error, m masker) *LoadError {
	var le *LoadError
	if errors.As(err, &le) {
		out := *le
		out.Msg = m.mask(out.Msg)
		return &out
	}
	msg := err.Error()
	file := ""
	if len(p.Files) > 0 {
		file = p.Files[0]
	}
	// compose-go prefixes schema errors with "validating <file>: ".
	for _, f := range p.Files {
		for _, prefix := range []string{"validating " + f + ": ", "failed to parse " + f + ": "} {
			if rest, ok := strings.CutPrefix(msg, prefix); ok {
				msg, file = rest, f
			}
		}
	}
	out := &LoadError{File: file, Msg: m.mask(msg)}
	if strings.HasPrefix(msg, "yaml: ") {
		if ln := yamlLine.FindStringSubmatch(msg); ln != nil {
			out.Line, _ = strconv.Atoi(ln[1])
			return out
		}
	}
	if mp := modelPath.FindStringSubmatch(strings.ReplaceAll(bracketIndex.ReplaceAllString(msg, ".$1"), "..", ".")); mp != nil {
		parts := splitModelPath(mp[1] + mp[2])
		if parts[0] == "services" && len(parts) > 1 {
			out.File, out.Line = p.Pos(parts[1], parts[2:]...)
		} else {
			out.File, out.Line = p.TopPos(parts...)
		}
		return out
	}
	if qs := quotedService.FindStringSubmatch(msg); qs != nil {
		out.File, out.Line = p.ServicePos(qs[1])
		return out
	}
	if f, line := p.findQuoted(msg); line > 0 {
		out.File, out.Line = f, line
	}
	return out
}

// findQuoted locates a message that names no path ("Invalid ranges
// specified for container and host Ports: 8080-8081 and 90-9091") by the
// first scalar, last file first, that contains one of its distinctive words
// (4+ characters with a digit, '/' or ':').
func (p *Project) findQuoted(msg string) (string, int) {
	words := strings.FieldsFunc(msg, func(r rune) bool {
		return r == ' ' || r == ',' || r == '"' || r == '\'' || r == '(' || r == ')'
	})
	for _, w := range words {
		w = strings.Trim(w, ".:")
		if len(w) < 4 || !strings.ContainsAny(w, "0123456789/:") {
			continue
		}
		for i := len(p.Files) - 1; i >= 0; i-- {
			if n := findScalar(p.docs[p.Files[i]], w, 0); n != nil {
				return p.Files[i], n.Line
			}
		}
	}
	return "", 0
}

// findScalar returns the first scalar under n containing s.
func findScalar(n *yaml.Node, s string, depth int) *yaml.Node {
	if n == nil || depth > 200 {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if strings.Contains(n.Value, s) {
			return n
		}
		return nil
	}
	for _, c := range n.Content {
		if f := findScalar(c, s, depth+1); f != nil {
			return f
		}
	}
	return nil
}

// splitModelPath splits "services.web.ports[0]" into its elements.
func splitModelPath(s string) []string {
	s = strings.NewReplacer("[", ".", "]", "").Replace(s)
	parts := strings.Split(s, ".")
	return slices.DeleteFunc(parts, func(e string) bool { return e == "" })
}

// masker hides the values of .env in messages: whole values, and any quoted
// part of a message that is a piece of a value ("parsing \"hunter2\"").
type masker struct{ values []string }

// quoted matches a double- or single-quoted part of a message.
var quoted = regexp.MustCompile(`"[^"]+"|'[^']+'`)

// minMaskedLen is the shortest .env value masked: shorter ones ("1", "yes")
// carry no secret and would garble messages.
const minMaskedLen = 4

func newMasker(dot map[string]string) masker {
	var vals []string
	for _, v := range dot {
		if len(v) >= minMaskedLen {
			vals = append(vals, v)
		}
	}
	// longest first, so that a value containing another is masked whole
	slices.SortFunc(vals, func(a, b string) int { return len(b) - len(a) })
	return masker{values: vals}
}

func (m masker) mask(s string) string {
	if len(m.values) == 0 {
		return s
	}
	for _, v := range m.values {
		s = strings.ReplaceAll(s, v, "***")
	}
	return quoted.ReplaceAllStringFunc(s, func(q string) string {
		inner := q[1 : len(q)-1]
		if len(inner) < minMaskedLen {
			return q
		}
		for _, v := range m.values {
			if strings.Contains(v, inner) {
				return q[:1] + "***" + q[len(q)-1:]
			}
		}
		return q
	})
}
