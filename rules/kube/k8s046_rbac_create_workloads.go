package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S046 flags Role and ClusterRole rules that may create pods or the
// controllers that create them: whoever creates a pod chooses its service
// account, its mounts and its image.
// A rule of wildcards only (apiGroups, resources and verbs all "*") is
// left to K8S041, which says it is the power of cluster-admin.
var K8S046 = &rule.Rule{
	ID:       "K8S046",
	Name:     "rbac-create-workloads",
	Title:    "RBAC rule can create pods or workloads",
	Severity: finding.Medium,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0048"},
		KICS: []string{"permissive_access_to_create_pods"}, KubeLinter: []string{"access-to-create-pods"}},
	Check: checkK8S046,
}

// k8s046Workloads are the resources whose create runs a pod, by API group.
var k8s046Workloads = []struct {
	groups    []string
	resources []string
}{
	{[]string{""}, []string{"pods", "replicationcontrollers"}},
	{[]string{"apps", "extensions"}, []string{"deployments", "daemonsets", "statefulsets", "replicasets"}},
	{[]string{"batch"}, []string{"jobs", "cronjobs"}},
}

func checkK8S046(p *rule.Pass) {
	for _, r := range obRBACRules(p) {
		verb, ok := r.verbs.hasAny("create")
		if !ok || r.fullWildcard() && p.Enabled("K8S041") {
			continue // a rule of wildcards only is K8S041's
		}
		res := ""
		for _, w := range k8s046Workloads {
			if !r.groupMatches(w.groups...) {
				continue
			}
			if got, ok := r.resourceMatches(w.resources...); ok {
				res = got
				break
			}
		}
		if res == "" {
			continue
		}
		p.Reportf(finding.Line(obFieldLine(r, &r.verbs)), r.loc("verbs"), res+":"+verb,
			"%s %s grants %s on %s, so its holders can start pods that run any image as any service account of the %s and mount its Secrets, which is a path to every permission there; let a deployment pipeline create workloads instead",
			r.obj.ID(), r.label(), verb, res, obScope(r))
	}
}
