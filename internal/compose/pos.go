package compose

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/format"
	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"
)

// Pos returns the file and line that set services.<service>.<path...> in the
// merged project. Path elements are mapping keys, sequence indexes ("0") or,
// in a sequence, an item's key: ("web","environment","DB_PASSWORD") finds
// both `DB_PASSWORD: x` and `- DB_PASSWORD=x`, ("web","cap_add","NET_ADMIN")
// finds `- NET_ADMIN`.
//
// The sources of a service are, in merge order, the bases it extends (from
// any file) and then its definition in each project file; the last source
// that sets the path wins. A sequence index counts the merged sequence as
// compose-go builds it: items of every source appended in order, an item
// replacing an earlier one with the same key (env/label key, volume target,
// port mapping...) at the earlier position, and a port range counting once per
// port, so index i matches Config.Ports[i], Config.Volumes[i], Config.CapAdd[i].
//
// When the path is not set, Pos falls back to the nearest ancestor that is,
// then to the service key (ServicePos), then to line 1 of the main file. The
// line is the line of the mapping key (or of the sequence item).
func (p *Project) Pos(service string, path ...string) (file string, line int) {
	srcs := p.sources(service)
	for depth := len(path); depth >= 1; depth-- {
		if h, ok := resolvePath(srcs, path[:depth]); ok {
			return h.file, h.line
		}
	}
	return p.ServicePos(service)
}

// ServicePos returns the file and line of the service's key in the first
// project file that declares it, or line 1 of the main file.
func (p *Project) ServicePos(service string) (file string, line int) {
	for _, f := range p.Files {
		if k, _ := lookupEntry(lookupKey(p.docs[f], "services"), service); k != nil {
			return f, k.Line
		}
	}
	if len(p.Files) == 0 {
		return "", 0
	}
	return p.Files[0], 1
}

// TopPos returns the file and line that set a top-level path such as
// ("networks","front","driver") or ("secrets","db"), last file winning, with
// the same ancestor fallback as Pos (then line 1 of the main file).
func (p *Project) TopPos(path ...string) (file string, line int) {
	var srcs []hit
	for _, f := range p.Files {
		if root := p.docs[f]; root != nil {
			srcs = append(srcs, hit{file: f, node: root, line: 1})
		}
	}
	for depth := len(path); depth >= 1; depth-- {
		if h, ok := resolvePath(srcs, path[:depth]); ok {
			return h.file, h.line
		}
	}
	if len(p.Files) == 0 {
		return "", 0
	}
	return p.Files[0], 1
}

// hit is a node found in a file, with the line to report for it.
type hit struct {
	file string
	node *yaml.Node
	line int
}

// sources lists where a service's values come from, in merge order.
func (p *Project) sources(service string) []hit {
	var out []hit
	for _, f := range p.Files {
		k, v := lookupEntry(lookupKey(p.docs[f], "services"), service)
		if k == nil {
			continue
		}
		out = append(out, p.extendsChain(f, v, 0)...)
		out = append(out, hit{file: f, node: v, line: k.Line})
	}
	return out
}

// extendsChain lists the bases of the service node svc of file, deepest first.
func (p *Project) extendsChain(file string, svc *yaml.Node, depth int) []hit {
	ext := resolveAlias(lookupKey(svc, "extends"))
	if ext == nil || depth > maxExtendsDepth {
		return nil
	}
	target, ref := file, ""
	switch ext.Kind {
	case yaml.ScalarNode:
		ref = ext.Value
	case yaml.MappingNode:
		if s := lookupKey(ext, "service"); s != nil {
			ref = s.Value
		}
		if f := lookupKey(ext, "file"); f != nil && f.Kind == yaml.ScalarNode {
			target = joinFS(path.Dir(file), f.Value)
		}
	}
	k, v := lookupEntry(lookupKey(p.docs[target], "services"), ref)
	if k == nil {
		return nil
	}
	return append(p.extendsChain(target, v, depth+1), hit{file: target, node: v, line: k.Line})
}

// resolvePath walks path through every source and returns the last source's
// node, or false when no source sets the whole path.
func resolvePath(srcs []hit, path []string) (hit, bool) {
	cur := srcs
	for i, elem := range path {
		if idx, err := strconv.Atoi(elem); err == nil && anySequence(cur) {
			list := ""
			if i > 0 {
				list = path[i-1]
			}
			items := mergedItems(cur, list)
			if idx < 0 || idx >= len(items) {
				return hit{}, false
			}
			cur = []hit{items[idx]}
			continue
		}
		var next []hit
		for _, h := range cur {
			if c, ok := child(h, elem); ok {
				next = append(next, c)
			}
		}
		if len(next) == 0 {
			return hit{}, false
		}
		cur = next
	}
	if len(cur) == 0 {
		return hit{}, false
	}
	return cur[len(cur)-1], true
}

func anySequence(hs []hit) bool {
	for _, h := range hs {
		if n := resolveAlias(h.node); n != nil && n.Kind == yaml.SequenceNode {
			return true
		}
	}
	return false
}

// child finds elem under h: a mapping key, or the last item of a sequence
// whose key (text before "=", or the whole scalar) is elem.
func child(h hit, elem string) (hit, bool) {
	n := resolveAlias(h.node)
	if n == nil {
		return hit{}, false
	}
	switch n.Kind {
	case yaml.MappingNode:
		k, v := lookupEntry(n, elem)
		if k == nil {
			return hit{}, false
		}
		return hit{file: h.file, node: v, line: k.Line}, true
	case yaml.SequenceNode:
		for i := len(n.Content) - 1; i >= 0; i-- {
			item := n.Content[i]
			s := resolveAlias(item)
			if s.Kind != yaml.ScalarNode {
				continue
			}
			key, _, _ := strings.Cut(s.Value, "=")
			if key == elem || s.Value == elem {
				return hit{file: h.file, node: item, line: item.Line}, true
			}
		}
	}
	return hit{}, false
}

// mergedItems merges the sequences of several sources the way compose-go
// does for the sequence called list.
func mergedItems(srcs []hit, list string) []hit {
	var out []hit
	seen := map[string]int{}
	for _, h := range srcs {
		n := resolveAlias(h.node)
		if n == nil || n.Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range n.Content {
			ih := hit{file: h.file, node: item, line: item.Line}
			for _, key := range itemKeys(list, resolveAlias(item)) {
				if key == "" {
					out = append(out, ih)
					continue
				}
				if j, ok := seen[key]; ok {
					out[j] = ih
					continue
				}
				seen[key] = len(out)
				out = append(out, ih)
			}
		}
	}
	return out
}

// itemKeys returns the merge keys of one sequence item: one per value it
// expands to (a port range expands to several), "" meaning never merged.
func itemKeys(list string, n *yaml.Node) []string {
	if n == nil {
		return []string{""}
	}
	if n.Kind == yaml.MappingNode {
		switch list {
		case "volumes", "devices", "secrets", "configs":
			if t := lookupKey(n, "target"); t != nil {
				return []string{"t:" + t.Value}
			}
			if s := lookupKey(n, "source"); s != nil {
				return []string{"s:" + s.Value}
			}
		case "ports":
			var b strings.Builder
			for _, k := range []string{"host_ip", "published", "target", "protocol"} {
				if v := lookupKey(n, k); v != nil {
					b.WriteString(v.Value)
				}
				b.WriteByte('|')
			}
			return []string{b.String()}
		}
		return []string{""}
	}
	if n.Kind != yaml.ScalarNode {
		return []string{""}
	}
	s := n.Value
	switch list {
	case "ports":
		count := 1
		if parsed, err := types.ParsePortConfig(s); err == nil && len(parsed) > 1 {
			count = len(parsed)
		}
		keys := make([]string, count)
		for i := range keys {
			keys[i] = fmt.Sprintf("%s#%d", s, i)
		}
		return keys
	case "volumes":
		if v, err := format.ParseVolume(s); err == nil && v.Target != "" {
			return []string{"t:" + path.Clean(v.Target)}
		}
	case "devices":
		parts := strings.Split(s, ":")
		if len(parts) > 1 {
			return []string{"t:" + parts[1]}
		}
		return []string{"t:" + parts[0]}
	case "secrets", "configs":
		return []string{"s:" + s}
	case "environment", "labels", "annotations", "args", "sysctls", "cap_add", "cap_drop",
		"dns", "dns_opt", "dns_search", "tmpfs", "profiles", "links", "tags", "platforms", "additional_contexts":
		key, _, _ := strings.Cut(s, "=")
		return []string{"k:" + key}
	}
	return []string{"v:" + s}
}

// lookupKey returns the value of key in the mapping n (aliases and merge
// keys followed), or nil.
func lookupKey(n *yaml.Node, key string) *yaml.Node {
	_, v := lookupEntry(n, key)
	return v
}

// lookupEntry returns the key and value nodes of key in the mapping n, or nils.
// Explicit keys win over merged (<<) ones; the last duplicate key wins.
func lookupEntry(n *yaml.Node, key string) (k, v *yaml.Node) {
	return lookupEntryDepth(n, key, 0)
}

func lookupEntryDepth(n *yaml.Node, key string, depth int) (k, v *yaml.Node) {
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > 32 {
		return nil, nil
	}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn := n.Content[i]
		if isMergeKey(kn) {
			merges = append(merges, n.Content[i+1])
			continue
		}
		if keyString(kn) == key {
			k, v = kn, n.Content[i+1]
		}
	}
	if k != nil {
		return k, v
	}
	for _, m := range merges {
		m = resolveAlias(m)
		srcs := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			srcs = m.Content
		}
		for _, src := range srcs {
			if k, v := lookupEntryDepth(src, key, depth+1); k != nil {
				return k, v
			}
		}
	}
	return nil, nil
}
