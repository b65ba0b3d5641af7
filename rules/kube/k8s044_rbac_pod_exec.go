package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S044 flags Role and ClusterRole rules that let their holders run
// commands in, attach to or port-forward into running pods
// (pods/exec, pods/attach, pods/portforward, and nodes/proxy, which
// reaches the kubelet's exec API). The verb is create, or get, which
// API servers before the WebSocket upgrade check accepted for exec.
// A rule of wildcards only (apiGroups, resources and verbs all "*") is
// left to K8S041, which says it is the power of cluster-admin.
var K8S044 = &rule.Rule{
	ID:       "K8S044",
	Name:     "rbac-pod-exec",
	Title:    "RBAC rule can exec, attach or port-forward into pods",
	Severity: finding.High,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0053", "KSV-0054", "KSV-0047"}, Checkov: []string{"CKV2_K8S_2"},
		KICS: []string{"rbac_roles_with_exec_permission", "rbac_roles_with_attach_permission", "rbac_roles_with_portforwarding_permissions"}},
	Check: checkK8S044,
}

func checkK8S044(p *rule.Pass) {
	for _, r := range obRBACRules(p) {
		if !r.groupMatches("") || r.fullWildcard() && p.Enabled("K8S041") {
			continue // a rule of wildcards only is K8S041's
		}
		verb, ok := r.verbs.hasAny("create", "get")
		if !ok {
			continue
		}
		res, ok := r.resourceMatches("pods/exec", "pods/attach", "pods/portforward", "nodes/proxy")
		if !ok {
			continue
		}
		p.Reportf(finding.Line(obFieldLine(r, &r.resources)), r.loc("resources"), res+":"+verb,
			"%s %s grants %s on %s, so its holders can run commands in or tunnel into the running pods of the %s, with their service account tokens and mounted secrets; use logs and metrics, or grant it only to a break-glass role",
			r.obj.ID(), r.label(), verb, res, obScope(r))
	}
}
