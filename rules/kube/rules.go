// Package kube holds the Kubernetes rules (K8S…). They judge the effective
// security context of every container (pod level merged into container
// level, init and ephemeral containers included); Pod Security Standards
// verdicts come from k8s.io/pod-security-admission.
package kube

import (
	"embed"

	"github.com/stevedore-dev/stevedore/internal/rule"
)

//go:embed *.md
var pages embed.FS

// Rules returns the Kubernetes rules with their pages attached.
func Rules() []*rule.Rule {
	var all []*rule.Rule
	all = append(all, podSecurityRules()...)
	all = append(all, objectRules()...)
	rule.Sort(all)
	return rule.MustAttachDocs(pages, all)
}
