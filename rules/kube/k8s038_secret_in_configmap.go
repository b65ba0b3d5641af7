package kube

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// K8S038 flags ConfigMap data keys that hold a credential: a secret-like
// key with a literal value, or a known credential format (or a secret-like
// assignment) anywhere in the value, including inside an embedded config
// file. One finding per key, at the line of the first credential.
var K8S038 = &rule.Rule{
	ID:          "K8S038",
	Name:        "secret-in-configmap",
	Title:       "Credential stored in a ConfigMap",
	Severity:    finding.Medium,
	Kind:        rule.KindKubernetes,
	Note:        "secrets",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0109", "KSV-01010"}},
	Check:       checkK8S038,
}

func checkK8S038(p *rule.Pass) {
	for _, obj := range obObjects(p) {
		if !obIsCore(obj, "ConfigMap") {
			continue
		}
		for _, e := range obEntries(obj.Get("data")) {
			value, ok := obScalar(e.v)
			if !ok || strings.TrimSpace(value) == "" {
				continue
			}
			line := e.k.Line
			var why, shown string
			if !strings.ContainsAny(value, "\r\n") {
				if why, ok = secret.LiteralSecret(e.key, value); !ok {
					continue
				}
				shown = secret.Mask(value)
			} else {
				ms := secret.Scan(value)
				if len(ms) == 0 {
					continue
				}
				m := ms[0]
				why = m.Description
				if len(ms) > 1 {
					why += " and more"
				}
				shown = secret.Mask(value[m.Start:m.End])
				line = k8s038Line(e.k, e.v, value, m.Start)
			}
			p.Reportf(finding.Line(line), obj.ID()+"/data."+e.key, "data."+e.key,
				"%s holds a credential in data.%s (%s, value %s): ConfigMaps are not meant for secrets, are readable by anyone who may read configuration and are committed in clear; move it to a Secret",
				obj.ID(), e.key, why, shown)
		}
	}
}

// k8s038Line is the line of byte offset at in a block scalar value; the
// key's line for other styles (whose line breaks do not map to the file's).
func k8s038Line(k, v *yaml.Node, value string, at int) int {
	v = resolveNode(v)
	if v == nil || v.Style&yaml.LiteralStyle == 0 || at < 0 || at > len(value) {
		return k.Line
	}
	// The content of "key: |" starts on the line after the indicator.
	return v.Line + 1 + strings.Count(value[:at], "\n")
}
