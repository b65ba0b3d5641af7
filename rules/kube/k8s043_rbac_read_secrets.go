package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S043 flags Role and ClusterRole rules that may get, list or watch
// Secrets (a wildcard resource or verb counts). A rule narrowed with
// resourceNames (get one named Secret) is the recommended form and is not
// flagged.
// A rule of wildcards only (apiGroups, resources and verbs all "*") is
// left to K8S041, which says it is the power of cluster-admin.
var K8S043 = &rule.Rule{
	ID:       "K8S043",
	Name:     "rbac-read-secrets",
	Title:    "RBAC rule can read Secrets",
	Severity: finding.Medium,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0041"}, Checkov: []string{"CKV2_K8S_5"},
		KICS: []string{"rbac_roles_with_read_secrets_permissions", "service_account_allows_access_secrets"}, KubeLinter: []string{"access-to-secrets"}},
	Check: checkK8S043,
}

func checkK8S043(p *rule.Pass) {
	for _, r := range obRBACRules(p) {
		if len(r.resourceNames.items) > 0 || !r.groupMatches("") || r.fullWildcard() && p.Enabled("K8S041") {
			continue
		}
		res, ok := r.resourceMatches("secrets")
		if !ok {
			continue
		}
		verb, ok := r.verbs.hasAny("get", "list", "watch")
		if !ok {
			continue
		}
		p.Reportf(finding.Line(obFieldLine(r, &r.verbs)), r.loc("verbs"), "secrets:"+verb,
			"%s %s lets its holders %s Secrets (resources: %s), so whoever gets a bound identity reads every password, token and key of the %s; grant get on the named Secrets it needs (resourceNames) or mount them instead",
			r.obj.ID(), r.label(), obVerbText(verb, "read and change"), res, obScope(r))
	}
}

// obFieldLine is the line of field f of r, or of the rule entry when the
// field is absent.
func obFieldLine(r *obRBACRule, f *obRBACField) int {
	if f.line > 0 {
		return f.line
	}
	return r.line
}

// obVerbText says what a granted verb means, spelling out "*".
func obVerbText(verb, all string) string {
	if verb == "*" {
		return all + " (verbs: *)"
	}
	return verb
}

// obScope says where a role applies.
func obScope(r *obRBACRule) string {
	if r.obj.Kind == "ClusterRole" {
		return "cluster (or of each namespace it is bound in)"
	}
	return "namespace"
}
