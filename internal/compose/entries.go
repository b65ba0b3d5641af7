package compose

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Entry is one KEY=value item of a service's environment, build args or
// labels as written in one file, whether or not the merged model kept it.
type Entry struct {
	// File and Line locate the item (the mapping key, or the list item).
	File string
	Line int
	// Key is the name (the text before "=" in list form).
	Key string
	// Value is the value, interpolated like the model's values; "" when
	// HasValue is false.
	Value string
	// HasValue is false for a bare name (`- KEY`, `KEY:` with no value),
	// which takes its value from the environment.
	HasValue bool
	// Inherited is set for an item of a service that this one extends: it
	// is judged again with that service (or that file's project).
	Inherited bool
}

// Entries lists every entry written for services.<service>.<path...> (a
// mapping or a KEY=value list: ("environment"), ("build","args"),
// ("labels")) in every source of the service, in merge order: the bases it
// extends, then its definition in each project file. Entries that a later
// item with the same key, or a later file, overrides are included; the
// merged model (Service.Config) holds only the last one of each key.
func (p *Project) Entries(service string, path ...string) []Entry {
	var out []Entry
	own := map[*yaml.Node]bool{}
	for _, f := range p.Files {
		if _, v := lookupEntry(lookupKey(p.docs[f], "services"), service); v != nil {
			own[v] = true
		}
	}
	lookup := lookupIn(p.env)
	interp := func(s string) string { return expand(s, lookup, 0, false) }
	for _, src := range p.sources(service) {
		n := resolveAlias(src.node)
		for _, key := range path {
			n = resolveAlias(lookupKey(n, key))
		}
		if n == nil {
			continue
		}
		inherited := !own[src.node]
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], resolveAlias(n.Content[i+1])
				if isMergeKey(k) {
					continue
				}
				e := Entry{File: src.file, Line: k.Line, Key: keyString(k), Inherited: inherited}
				if v != nil && v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
					e.Value, e.HasValue = interp(v.Value), true
				}
				out = append(out, e)
			}
		case yaml.SequenceNode:
			for _, item := range n.Content {
				s := resolveAlias(item)
				if s == nil || s.Kind != yaml.ScalarNode {
					continue
				}
				k, v, has := strings.Cut(s.Value, "=")
				e := Entry{File: src.file, Line: item.Line, Key: strings.TrimSpace(k), HasValue: has, Inherited: inherited}
				if has {
					e.Value = interp(v)
				}
				out = append(out, e)
			}
		}
	}
	return out
}
