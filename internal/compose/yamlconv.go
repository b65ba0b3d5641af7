package compose

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxConvertedNodes bounds the values produced from one document, so that an
// alias bomb ("billion laughs") fails instead of exhausting memory.
const maxConvertedNodes = 1_000_000

// errTooManyNodes reports a document whose aliases expand beyond maxConvertedNodes.
var errTooManyNodes = errors.New("document expands to too many values (alias bomb?)")

// converter turns a yaml.v3 node tree into the generic values compose-go
// consumes (map[string]any, []any, string, int, float64, bool, nil). Every
// alias is expanded into a fresh copy because compose-go mutates the maps it
// is given.
type converter struct {
	budget int
	// interp, when set, expands variables in string values (never in keys),
	// as compose-go's interpolation would.
	interp func(string) string
}

// toValue converts n; document nodes are unwrapped. interp (may be nil)
// expands variables in string values.
func toValue(n *yaml.Node, interp func(string) string) (any, error) {
	c := &converter{budget: maxConvertedNodes, interp: interp}
	return c.value(n, 0)
}

func (c *converter) value(n *yaml.Node, depth int) (any, error) {
	c.budget--
	if c.budget < 0 {
		return nil, errTooManyNodes
	}
	if depth > 1000 {
		return nil, fmt.Errorf("line %d: document nested too deeply", n.Line)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0], depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return c.value(n.Alias, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := c.value(item, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		if err := c.mapping(n, out, depth); err != nil {
			return nil, err
		}
		return out, nil
	case yaml.ScalarNode:
		v, err := scalarValue(n)
		if str, ok := v.(string); ok && c.interp != nil && strings.IndexByte(str, '$') >= 0 {
			v = c.interp(str)
		}
		return v, err
	}
	return nil, nil
}

// mapping fills out with the entries of n. Merge keys (<<) contribute only
// the keys that n does not set itself, the first merged mapping winning.
func (c *converter) mapping(n *yaml.Node, out map[string]any, depth int) error {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMergeKey(k) {
			merges = append(merges, v)
			continue
		}
		val, err := c.value(v, depth+1)
		if err != nil {
			return err
		}
		out[keyString(k)] = val
	}
	for _, m := range merges {
		m = resolveAlias(m)
		var sources []*yaml.Node
		switch m.Kind {
		case yaml.MappingNode:
			sources = []*yaml.Node{m}
		case yaml.SequenceNode:
			sources = m.Content
		}
		for _, src := range sources {
			src = resolveAlias(src)
			if src.Kind != yaml.MappingNode {
				continue
			}
			tmp := make(map[string]any, len(src.Content)/2)
			if err := c.mapping(src, tmp, depth+1); err != nil {
				return err
			}
			for k, v := range tmp {
				if _, set := out[k]; !set {
					out[k] = v
				}
			}
		}
	}
	return nil
}

// scalarValue resolves a scalar the way yaml.v3 decodes it into an
// interface{}, except that unknown tags (!reset, !override, custom ones) and
// timestamps stay strings.
func scalarValue(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!str", "!!binary", "!!timestamp":
		return n.Value, nil
	case "!!null":
		return nil, nil
	case "!!bool", "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err != nil {
			return n.Value, nil
		}
		return v, nil
	}
	return n.Value, nil
}

// keyString is the string form of a mapping key (compose keys are strings;
// a key such as 80 or true is read as its text).
func keyString(k *yaml.Node) string {
	k = resolveAlias(k)
	return k.Value
}

// isMergeKey reports whether k is the YAML merge key <<.
func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "" || k.Tag == "!!merge" || k.ShortTag() == "!!merge")
}

// resolveAlias follows alias nodes to their anchor.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}
