package dockerfile

import (
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF067 flags an EXPOSE item whose port, or either end of its port range,
// lies outside 0–65535, or whose range ends below its start. BuildKit stops
// the build on such an item ("invalid containerPort"). Every stage is
// judged; an item with a variable that cannot be resolved is not.
var DF067 = &rule.Rule{
	ID:          "DF067",
	Name:        "expose-port-out-of-range",
	Title:       "EXPOSE port outside 0-65535",
	Severity:    finding.Low,
	Kind:        rule.KindDockerfile,
	Note:        "network-exposure",
	Equivalents: rule.Equivalents{KICS: []string{"unix_ports_out_of_range"}},
	Check:       checkDF067,
}

func checkDF067(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			c, ok := in.Command.(*instructions.ExposeCommand)
			if !ok {
				continue
			}
			for _, raw := range c.Ports {
				word := raw
				if strings.Contains(word, "$") {
					v, ok := st.Expand(word, in)
					if !ok {
						continue // never guessed
					}
					word = v
				}
				for _, item := range strings.Fields(word) {
					why := df067Problem(item)
					if why == "" {
						continue
					}
					p.Reportf(in.Range, hygLoc(st, "EXPOSE "+item), item,
						"EXPOSE %s: %s; BuildKit stops the build with \"invalid containerPort\"", item, why)
				}
			}
		}
	}
}

// df067Problem explains what is wrong with the port part of an EXPOSE item
// ("65536/tcp", "8000-70000"), or returns "" when it is in range. Items that
// are not plain numbers or ranges (a host part, a stray word) are left to
// other checks.
func df067Problem(item string) string {
	port, _, _ := strings.Cut(item, "/")
	if i := strings.LastIndexByte(port, ':'); i >= 0 {
		port = port[i+1:] // [ip:]host:container: the container part
	}
	lo, hi, isRange := strings.Cut(port, "-")
	a, err := strconv.ParseUint(lo, 10, 64)
	if err != nil {
		return df067Range(err, lo)
	}
	if a > 65535 {
		return "port " + lo + " is outside 0-65535"
	}
	if !isRange || lo == hi {
		return ""
	}
	b, err := strconv.ParseUint(hi, 10, 64)
	if err != nil {
		return df067Range(err, hi)
	}
	if b > 65535 {
		return "port " + hi + " is outside 0-65535"
	}
	if b < a {
		return "the range " + port + " ends below its start"
	}
	return ""
}

// df067Range turns a parse error into a reason when the word is a number too
// large for any integer; other words are not judged.
func df067Range(err error, word string) string {
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return "port " + word + " is outside 0-65535"
	}
	return ""
}
