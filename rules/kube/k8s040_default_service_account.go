package kube

import (
	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S040 flags pods that run as their namespace's default service account:
// serviceAccountName unset, empty or "default".
var K8S040 = &rule.Rule{
	ID:       "K8S040",
	Name:     "default-service-account",
	Title:    "Pod runs as the default service account",
	Severity: finding.Low,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Checkov: []string{"CKV_K8S_41"},
		KICS:       []string{"service_account_name_undefined_or_empty"},
		KubeLinter: []string{"default-service-account"}},
	Check: checkK8S040,
}

func checkK8S040(p *rule.Pass) {
	const consequence = ", which every workload of the namespace that names no account shares, so a role granted to one of them is granted to all; create a ServiceAccount for this workload and set serviceAccountName"
	for _, pod := range obPods(p) {
		obj := pod.Object
		loc := obPodLoc(pod, "serviceAccountName")
		name, field := pod.Spec.ServiceAccountName, "serviceAccountName"
		if name == "" && pod.Spec.DeprecatedServiceAccount != "" {
			name, field = pod.Spec.DeprecatedServiceAccount, "serviceAccount"
		}
		switch {
		case name == "default":
			line, _ := pod.Line(field)
			p.Reportf(finding.Line(line), loc, field+"=default",
				"%s sets %s: default, so it runs as the namespace's default service account%s", obj.ID(), field, consequence)
		case name != "":
			// A dedicated account.
		case k8s040Empty(pod.Get("serviceAccountName")):
			line, _ := pod.Line("serviceAccountName")
			p.Reportf(finding.Line(line), loc, "serviceAccountName=",
				"%s sets serviceAccountName to an empty string (defaults to the namespace's default service account)%s", obj.ID(), consequence)
		case pod.Partial():
			// Unset in a patch: its base may name an account.
		default:
			line, _ := pod.Line()
			p.Reportf(finding.Line(line), loc, "serviceAccountName unset",
				"%s does not set serviceAccountName (not set: defaults to the namespace's default service account)%s", obj.ID(), consequence)
		}
	}
}

// k8s040Empty reports whether n is an empty string (not null, which reads
// as unset).
func k8s040Empty(n *yaml.Node) bool {
	v, ok := obScalar(n)
	return ok && v == ""
}
