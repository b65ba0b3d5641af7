package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF088 flags ENV and LABEL in the legacy `KEY value` form (no `=`), as
// BuildKit's LegacyKeyValueFormat does: the rest of the line after the key
// is one value, so `ENV A 1 B 2` sets A to "1 B 2". Like BuildKit, it judges
// ENV and LABEL in every stage, not ARG (`ARG a b` declares two ARGs), not
// the triggers of ONBUILD.
var DF088 = &rule.Rule{
	ID:            "DF088",
	Name:          "legacy-key-value-format",
	Title:         "ENV or LABEL in the legacy `key value` form",
	Severity:      finding.Info,
	Kind:          rule.KindDockerfile,
	Note:          "container-security",
	Equivalents:   rule.Equivalents{BuildKit: []string{"LegacyKeyValueFormat"}},
	BuildKitCheck: true,
	// Off by default: a style check that fires on over a quarter of real
	// Dockerfiles (431 of the 1,528 of the corpus); docker build prints
	// BuildKit's own warning for it anyway.
	DefaultOff: true,
	Check:      checkDF088,
}

func checkDF088(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			var kvs instructions.KeyValuePairs
			switch c := in.Command.(type) {
			case *instructions.EnvCommand:
				kvs = c.Env
			case *instructions.LabelCommand:
				kvs = c.Labels
			default:
				continue
			}
			for _, kv := range kvs {
				if !kv.NoDelim {
					continue
				}
				p.Report(finding.Finding{
					Range:    in.Range,
					Location: hygLoc(st, in.Cmd+" "+kv.Key),
					Evidence: in.Cmd + " " + kv.Key,
					Message: in.Cmd + " " + kv.Key + " uses the legacy space-separated form (BuildKit LegacyKeyValueFormat): everything after the key becomes one value, " +
						"so a second `key value` pair on the line silently ends up inside the first value; write " + in.Cmd + " " + kv.Key + "=<value>",
					Fix: df088Fix(f, in, kv.Key),
				})
				break // the legacy form holds one pair
			}
		}
	}
}

// df088HidesPair reports whether a legacy value looks like it swallowed
// another pair: a later word shaped like a variable name (LANG, JAVA_HOME)
// followed by a value, as in `ENV PATH /opt/bin:$PATH LANG C.UTF-8`.
func df088HidesPair(value string) bool {
	words := strings.Fields(value)
	for i := 1; i+1 < len(words); i++ {
		w := words[i]
		name := len(w) >= 2
		for j, r := range w {
			if !(r >= 'A' && r <= 'Z' || r == '_' || j > 0 && r >= '0' && r <= '9') {
				name = false
				break
			}
		}
		if name {
			return true
		}
	}
	return false
}

// df088Fix rewrites a one-line `ENV key value` as `ENV key=value`, quoting
// the value when it has blanks. Values with quotes or escapes, and values
// that seem to hold a second pair, are left alone.
func df088Fix(f *dockerfile.File, in *dockerfile.Instruction, key string) *finding.Fix {
	if in.Range.StartLine != in.Range.EndLine || len(in.Args) != 3 || in.Args[0] != key || in.Args[2] != "" {
		return nil
	}
	value := in.Args[1]
	if value == "" || strings.TrimSpace(value) != value || strings.ContainsAny(value, "\"'\\`\t") || strings.Contains(key, "=") {
		return nil
	}
	indent, kw, afterKw, ok := df086OneLine(f, in)
	if !ok {
		return nil
	}
	rest := strings.TrimLeft(afterKw, " \t")
	if rest == afterKw || !strings.HasPrefix(rest, key) {
		return nil
	}
	after := rest[len(key):]
	if strings.TrimLeft(after, " \t") != value || after == value {
		return nil
	}
	if strings.Contains(value, " ") {
		if df088HidesPair(value) {
			return nil // quoting would make the mistake look deliberate
		}
		value = `"` + value + `"`
	}
	text := indent + kw + " " + key + "=" + value
	return &finding.Fix{Description: "Use " + in.Cmd + " " + key + "=value", Edits: []finding.Edit{hygWholeLineEdit(f, in.Range.StartLine, text)}}
}
