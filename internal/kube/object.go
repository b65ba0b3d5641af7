package kube

import (
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

// maxAliasHops bounds how many aliases in a row navigation follows.
const maxAliasHops = 32

// Object is one Kubernetes object of a file: a mapping document, or an item
// of a List kind.
type Object struct {
	// APIVersion, Kind, Name and Namespace are read from the object's
	// apiVersion, kind and metadata; each is "" when absent.
	APIVersion, Kind, Name, Namespace string
	// Node is the mapping node of the object. Its comments are kept.
	Node *yaml.Node
	// Range spans the object's lines, from its first key to its last value.
	Range finding.Range
	// Annotations and Labels are the object's metadata (not the pod
	// template's: see Pod.Meta). Non-string values keep their YAML text.
	Annotations, Labels map[string]string
	// Doc is the 0-based index of the YAML document in the file.
	Doc int
	// Item is the 0-based index of the object in its List's items, or -1.
	Item int

	podOnce sync.Once
	pod     *Pod
	podErr  error
}

// newObject reads the identity of the object at mapping n.
func newObject(n *yaml.Node, doc, item int) *Object {
	o := &Object{Node: n, Doc: doc, Item: item}
	o.APIVersion = scalarValue(mapValue(n, "apiVersion"))
	o.Kind = scalarValue(mapValue(n, "kind"))
	if meta := mapValue(n, "metadata"); meta != nil && meta.Kind == yaml.MappingNode {
		o.Name = scalarValue(mapValue(meta, "name"))
		o.Namespace = scalarValue(mapValue(meta, "namespace"))
		o.Labels = stringMap(mapValue(meta, "labels"))
		o.Annotations = stringMap(mapValue(meta, "annotations"))
	}
	o.Range = finding.Lines(n.Line, lastLine(n))
	return o
}

// ID names the object as Kind/namespace/name ("Deployment/default/web"),
// or Kind/name when it has no namespace. Missing parts read "?".
func (o *Object) ID() string {
	kind, name := o.Kind, o.Name
	if kind == "" {
		kind = "?"
	}
	if name == "" {
		name = "?"
	}
	if o.Namespace == "" {
		return kind + "/" + name
	}
	return kind + "/" + o.Namespace + "/" + name
}

// Group returns the API group of the object ("" for the core group,
// "apps" for apps/v1).
func (o *Object) Group() string {
	if i := strings.LastIndexByte(o.APIVersion, '/'); i >= 0 {
		return o.APIVersion[:i]
	}
	return ""
}

// Get returns the node at path from the object's root: map keys and
// sequence indices as decimal strings. Aliases and merge keys (<<) are
// followed. It returns nil when the path does not exist.
func (o *Object) Get(path ...string) *yaml.Node {
	n, _, depth := walkPath(o.Node, path)
	if depth < len(path) {
		return nil
	}
	return n
}

// Line returns the line of the deepest node of path that exists (for a map
// entry, the line of its key) and whether the whole path exists. An empty
// path gives the object's first line.
func (o *Object) Line(path ...string) (line int, exact bool) {
	_, line, depth := walkPath(o.Node, path)
	return line, depth == len(path)
}

// walkPath follows path from n. It returns the last node reached, the line
// that names it (the key's line for map entries) and how many elements of
// path were followed.
func walkPath(n *yaml.Node, path []string) (*yaml.Node, int, int) {
	line := 0
	if n != nil {
		line = n.Line
	}
	for i, p := range path {
		cur := resolve(n)
		if cur == nil {
			return n, line, i
		}
		switch cur.Kind {
		case yaml.MappingNode:
			k, v := mapEntry(cur, p)
			if v == nil {
				return n, line, i
			}
			n, line = v, k.Line
		case yaml.SequenceNode:
			idx, err := strconv.Atoi(p)
			if err != nil || idx < 0 || idx >= len(cur.Content) {
				return n, line, i
			}
			n = cur.Content[idx]
			line = n.Line
		default:
			return n, line, i
		}
	}
	return n, line, len(path)
}

// resolve follows aliases (a bounded number of them).
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i == maxAliasHops {
			return nil
		}
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return resolve(n.Content[0])
	}
	return n
}

// mapValue returns the value of key in mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	_, v := mapEntry(n, key)
	return v
}

// mapEntry returns the key and value nodes of key in mapping n, looking
// into merged mappings (<<) when the key is not set directly. The last
// direct occurrence of a duplicated key wins, as in the API server.
func mapEntry(n *yaml.Node, key string) (k, v *yaml.Node) {
	return mapEntrySeen(n, key, nil)
}

// mapEntrySeen is mapEntry that skips the merged mappings in seen, so a
// mapping that merges itself cannot loop.
func mapEntrySeen(n *yaml.Node, key string, seen map[*yaml.Node]bool) (k, v *yaml.Node) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode || seen[n] {
		return nil, nil
	}
	merges := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		c := n.Content[i]
		if isMerge(c) {
			merges = true
		} else if c.Kind == yaml.ScalarNode && c.Value == key {
			k, v = c, n.Content[i+1]
		}
	}
	if v != nil || !merges {
		return k, v
	}
	if seen == nil {
		seen = map[*yaml.Node]bool{}
	}
	seen[n] = true
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !isMerge(n.Content[i]) {
			continue
		}
		for _, src := range mergeSources(n.Content[i+1]) {
			if mk, mv := mapEntrySeen(src, key, seen); mv != nil {
				return mk, mv
			}
		}
	}
	return nil, nil
}

// isMerge reports whether key node c is the merge key <<.
func isMerge(c *yaml.Node) bool {
	return c.Kind == yaml.ScalarNode && c.Value == "<<" && c.ShortTag() == "!!merge"
}

// mergeSources returns the mappings a merge key's value names: one
// mapping, or a sequence of them (earlier ones win).
func mergeSources(v *yaml.Node) []*yaml.Node {
	v = resolve(v)
	if v == nil {
		return nil
	}
	if v.Kind == yaml.SequenceNode {
		out := make([]*yaml.Node, 0, len(v.Content))
		for _, c := range v.Content {
			if c = resolve(c); c != nil && c.Kind == yaml.MappingNode {
				out = append(out, c)
			}
		}
		return out
	}
	if v.Kind == yaml.MappingNode {
		return []*yaml.Node{v}
	}
	return nil
}

// scalarValue returns the text of scalar n, or "".
func scalarValue(n *yaml.Node) string {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return ""
	}
	return n.Value
}

// stringMap reads a mapping of scalars (labels, annotations).
func stringMap(n *yaml.Node) map[string]string {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return nil
	}
	m := make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && !isMerge(k) {
			m[k.Value] = scalarValue(n.Content[i+1])
		}
	}
	return m
}

// lastLine returns the last line of the tree at n (aliases not followed),
// counting the extra lines of multi-line block scalars.
func lastLine(n *yaml.Node) int {
	last := n.Line
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		last += strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
	}
	if k := len(n.Content); k > 0 {
		if l := lastLine(n.Content[k-1]); l > last {
			last = l
		}
	}
	return last
}

// FormatPath prints a path the way people read it:
// spec.template.spec.containers[0].securityContext.
func FormatPath(path []string) string {
	var b strings.Builder
	for i, p := range path {
		if _, err := strconv.Atoi(p); err == nil && i > 0 {
			b.WriteString("[" + p + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}
