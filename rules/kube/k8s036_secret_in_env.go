package kube

import (
	"strconv"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// K8S036 flags env entries that give a container a literal secret instead
// of taking it from a Secret with valueFrom.secretKeyRef.
var K8S036 = &rule.Rule{
	ID:          "K8S036",
	Name:        "secret-in-env",
	Title:       "Literal secret in a container's environment",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "secrets",
	Equivalents: rule.Equivalents{KICS: []string{"passwords_and_secrets"}, KubeLinter: []string{"env-var-secret"}},
	Check:       checkK8S036,
}

func checkK8S036(p *rule.Pass) {
	for _, pod := range workloadPods(p) {
		for _, c := range pod.Containers() {
			for i, e := range c.Spec.Env {
				if e.ValueFrom != nil || e.Value == "" {
					continue
				}
				why, ok := secret.LiteralSecret(e.Name, e.Value)
				if !ok {
					continue
				}
				line, exact := c.Line("env", strconv.Itoa(i), "value")
				if !exact {
					line = obContainerLine(c, "env", strconv.Itoa(i))
				}
				p.Reportf(finding.Line(line), obContainerLoc(c, "env["+e.Name+"]"), e.Name,
					"%s sets %s to a literal secret (%s, value %s) in the manifest, where everyone with read access to the repository sees it; store it in a Secret and use valueFrom.secretKeyRef",
					obWho(c), e.Name, why, secret.Mask(e.Value))
			}
		}
	}
}
