package kube

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S040 flags pods that run as their namespace's default service account
// (serviceAccountName unset, empty or "default") and RoleBindings and
// ClusterRoleBindings that grant a role to a default service account.
var K8S040 = &rule.Rule{
	ID:       "K8S040",
	Name:     "default-service-account",
	Title:    "Default service account runs a pod or is granted a role",
	Severity: finding.Low,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Checkov: []string{"CKV_K8S_41", "CKV_K8S_42"},
		KICS:       []string{"service_account_name_undefined_or_empty", "role_binding_to_default_service_account"},
		KubeLinter: []string{"default-service-account"}},
	Check: checkK8S040,
}

func checkK8S040(p *rule.Pass) {
	k8s040Bindings(p)
	const consequence = ", which every workload of the namespace that names no account shares, so a role granted to one of them is granted to all; create a ServiceAccount for this workload and set serviceAccountName"
	for _, pod := range workloadPods(p) {
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

// k8s040Bindings reports the subjects of RoleBindings and
// ClusterRoleBindings that are a default service account.
func k8s040Bindings(p *rule.Pass) {
	for _, b := range obBindings(p) {
		for _, sub := range b.subjects {
			if sub.kind != "ServiceAccount" || sub.name != "default" {
				continue
			}
			ns := sub.namespace
			if ns == "" && b.obj.Kind == "RoleBinding" {
				ns = b.obj.Namespace // a RoleBinding's subject defaults to its own namespace
			}
			where := "of namespace " + ns
			if ns == "" {
				where = "of the namespace the binding is applied to"
			}
			role := strings.TrimSpace(b.roleKind + " " + b.roleName)
			p.Reportf(finding.Line(sub.nameLine), b.obj.ID()+"/subjects["+sub.String()+"]", "ServiceAccount "+ns+"/default",
				"%s grants %s to the default service account %s, which every pod of that namespace that names no account runs as, so all of them get its rights; create a ServiceAccount for the workload that needs them and bind that",
				b.obj.ID(), role, where)
		}
	}
}

// k8s040Empty reports whether n is an empty string (not null, which reads
// as unset).
func k8s040Empty(n *yaml.Node) bool {
	v, ok := obScalar(n)
	return ok && v == ""
}
