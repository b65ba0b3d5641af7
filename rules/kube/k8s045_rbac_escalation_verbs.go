package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S045 flags Role and ClusterRole rules with the verbs that bypass RBAC's
// own limits: escalate and bind (on roles) and impersonate (users, groups,
// service accounts). A `*` verb counts when the rule covers those
// resources.
// A rule of wildcards only (apiGroups, resources and verbs all "*") is
// left to K8S041, which says it is the power of cluster-admin.
var K8S045 = &rule.Rule{
	ID:       "K8S045",
	Name:     "rbac-escalation-verbs",
	Title:    "RBAC rule grants escalate, bind or impersonate",
	Severity: finding.High,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0043", "KSV-0050", "KSV-0051", "KSV-0052"},
		Checkov: []string{"CKV_K8S_157", "CKV_K8S_158", "CKV2_K8S_3"},
		KICS:    []string{"rbac_roles_with_impersonate_permission", "rbac_roles_allow_privilege_escalation"}},
	Check: checkK8S045,
}

func checkK8S045(p *rule.Pass) {
	for _, r := range obRBACRules(p) {
		if r.fullWildcard() && p.Enabled("K8S041") {
			continue // K8S041's
		}
		var verbs []string
		for _, it := range r.verbs.items {
			switch it.value {
			case "escalate", "bind", "impersonate":
				verbs = append(verbs, it.value)
			case "*":
				if _, ok := r.resourceMatches("roles", "clusterroles"); ok && r.groupMatches("rbac.authorization.k8s.io") {
					verbs = append(verbs, "* (escalate, bind)")
				}
				if _, ok := r.resourceMatches("users", "groups", "serviceaccounts"); ok && r.groupMatches("") {
					verbs = append(verbs, "* (impersonate)")
				}
			}
		}
		if len(verbs) == 0 {
			continue
		}
		ev := verbs[0]
		for _, v := range verbs[1:] {
			ev += "," + v
		}
		p.Reportf(finding.Line(obFieldLine(r, &r.verbs)), r.loc("verbs"), ev,
			"%s %s grants %s, which lets its holders give themselves any permission (escalate and bind skip the check that you hold what you grant; impersonate acts as another user, group or service account); remove the verb, or restrict it with resourceNames to the roles or accounts it must handle",
			r.obj.ID(), r.label(), ev)
	}
}
