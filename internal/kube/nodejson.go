package kube

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Limits of the YAML-to-JSON conversion, so that alias expansion ("billion
// laughs") and deep nesting cannot blow up.
const (
	maxJSONNodes = 200_000
	maxJSONBytes = 8 << 20
	maxJSONDepth = 512
)

// errExpansion is returned when a tree expands beyond the limits above.
var errExpansion = errors.New("document too large after alias expansion (or nested too deep)")

// jsonWriter writes a yaml.v3 tree as JSON, the way the API server reads
// YAML: scalars resolved by their tag, YAML 1.1 booleans (yes/no/on/off)
// as booleans, aliases and merge keys expanded. Value nodes in skip are
// left out (map entries) or written as null (sequence items), which keeps
// the indices of the other items.
type jsonWriter struct {
	buf   []byte
	nodes int
	skip  map[*yaml.Node]bool
}

// value writes n.
func (w *jsonWriter) value(n *yaml.Node, depth int) error {
	w.nodes++
	if w.nodes > maxJSONNodes || len(w.buf) > maxJSONBytes || depth > maxJSONDepth {
		return errExpansion
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			w.buf = append(w.buf, "null"...)
			return nil
		}
		return w.value(n.Content[0], depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			w.buf = append(w.buf, "null"...)
			return nil
		}
		return w.value(n.Alias, depth+1)
	case yaml.MappingNode:
		return w.mapping(n, depth)
	case yaml.SequenceNode:
		w.buf = append(w.buf, '[')
		for i, c := range n.Content {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			if w.skip[c] {
				w.buf = append(w.buf, "null"...)
				continue
			}
			if err := w.value(c, depth+1); err != nil {
				return err
			}
		}
		w.buf = append(w.buf, ']')
		return nil
	case yaml.ScalarNode:
		w.scalar(n)
		return nil
	}
	w.buf = append(w.buf, "null"...)
	return nil
}

// mapping writes mapping n with its merge keys expanded: merged entries
// first, so that the mapping's own keys (written later) win.
func (w *jsonWriter) mapping(n *yaml.Node, depth int) error {
	w.buf = append(w.buf, '{')
	first := true
	for _, e := range mergedEntries(n) {
		if w.skip[e.v] {
			continue
		}
		if !first {
			w.buf = append(w.buf, ',')
		}
		first = false
		w.str(keyText(e.k))
		w.buf = append(w.buf, ':')
		if err := w.value(e.v, depth+1); err != nil {
			return err
		}
	}
	w.buf = append(w.buf, '}')
	return nil
}

// entry is a key and value of a mapping.
type entry struct{ k, v *yaml.Node }

// mergedEntries lists the entries of mapping n with merge keys expanded:
// merged entries first (earlier sources last, so they win when decoded),
// then the mapping's own. Each merged mapping is expanded once, so merges
// that loop or fan out cannot blow up.
func mergedEntries(n *yaml.Node) []entry {
	hasMerge := false
	for i := 0; i < len(n.Content); i += 2 {
		if isMerge(n.Content[i]) {
			hasMerge = true
			break
		}
	}
	if !hasMerge {
		out := make([]entry, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, entry{n.Content[i], n.Content[i+1]})
		}
		return out
	}
	var out []entry
	seen := map[*yaml.Node]bool{}
	var add func(m *yaml.Node)
	add = func(m *yaml.Node) {
		if seen[m] {
			return
		}
		seen[m] = true
		for i := 0; i+1 < len(m.Content); i += 2 {
			if isMerge(m.Content[i]) {
				srcs := mergeSources(m.Content[i+1])
				for j := len(srcs) - 1; j >= 0; j-- {
					add(srcs[j])
				}
			}
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if !isMerge(m.Content[i]) {
				out = append(out, entry{m.Content[i], m.Content[i+1]})
			}
		}
	}
	add(n)
	return out
}

// keyText returns the text of a mapping key as JSON object keys need it.
func keyText(k *yaml.Node) string {
	k = resolve(k)
	if k == nil || k.Kind != yaml.ScalarNode {
		return ""
	}
	return k.Value
}

// yaml11Bools are the plain scalars YAML 1.1 (and so kubectl) reads as
// booleans but yaml.v3 reads as strings.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"n": false, "N": false, "no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
}

// scalar writes scalar n.
func (w *jsonWriter) scalar(n *yaml.Node) {
	switch n.ShortTag() {
	case "!!null":
		w.buf = append(w.buf, "null"...)
		return
	case "!!bool":
		if b, ok := parseBool(n.Value); ok {
			w.buf = strconv.AppendBool(w.buf, b)
			return
		}
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			w.buf = strconv.AppendInt(w.buf, i, 10)
			return
		}
		if u, err := strconv.ParseUint(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			w.buf = strconv.AppendUint(w.buf, u, 10)
			return
		}
	case "!!float":
		if f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			w.buf = strconv.AppendFloat(w.buf, f, 'g', -1, 64)
			return
		}
	case "!!str":
		if n.Style == 0 {
			if b, ok := yaml11Bools[n.Value]; ok {
				w.buf = strconv.AppendBool(w.buf, b)
				return
			}
		}
	}
	w.str(n.Value)
}

// parseBool reads the booleans yaml.v3 resolves.
func parseBool(s string) (bool, bool) {
	switch s {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	return false, false
}

const hexDigits = "0123456789abcdef"

// str writes s as a JSON string.
func (w *jsonWriter) str(s string) {
	w.buf = append(w.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			w.buf = append(w.buf, s[start:i]...)
			switch c {
			case '"', '\\':
				w.buf = append(w.buf, '\\', c)
			case '\n':
				w.buf = append(w.buf, '\\', 'n')
			case '\t':
				w.buf = append(w.buf, '\\', 't')
			case '\r':
				w.buf = append(w.buf, '\\', 'r')
			default:
				w.buf = append(w.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			w.buf = append(w.buf, s[start:i]...)
			w.buf = append(w.buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	w.buf = append(w.buf, s[start:]...)
	w.buf = append(w.buf, '"')
}
