package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S047 flags bindings whose subjects include system:anonymous or
// system:unauthenticated: the role is granted to anyone who can reach the
// API server.
var K8S047 = &rule.Rule{
	ID:          "K8S047",
	Name:        "rbac-anonymous-binding",
	Title:       "Binding grants a role to anonymous users",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0122"}},
	Check:       checkK8S047,
}

func checkK8S047(p *rule.Pass) {
	for _, b := range obBindings(p) {
		for _, s := range b.subjects {
			if s.name != "system:anonymous" && s.name != "system:unauthenticated" {
				continue
			}
			if s.kind != "" && s.kind != "User" && s.kind != "Group" {
				continue
			}
			role := b.roleName
			if b.roleKind != "" {
				role = b.roleKind + " " + role
			}
			p.Reportf(finding.Line(s.nameLine), b.obj.ID()+"/subjects["+s.name+"]", s.name+" -> "+role,
				"%s grants %s to %s, that is to anyone who can reach the API server without credentials; bind it to named users, groups or service accounts",
				b.obj.ID(), role, s.name)
		}
	}
}
