package kube

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S042 flags RoleBindings and ClusterRoleBindings to the cluster-admin
// ClusterRole, at the roleRef's name.
var K8S042 = &rule.Rule{
	ID:       "K8S042",
	Name:     "rbac-cluster-admin-binding",
	Title:    "Binding grants cluster-admin",
	Severity: finding.High,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0111"},
		KICS:       []string{"cluster_admin_role_binding_with_super_user_permissions"},
		KubeLinter: []string{"cluster-admin-role-binding"}},
	Check: checkK8S042,
}

func checkK8S042(p *rule.Pass) {
	for _, b := range obBindings(p) {
		if b.roleName != "cluster-admin" || b.roleKind != "" && b.roleKind != "ClusterRole" {
			continue
		}
		scope := "the whole cluster"
		if b.obj.Kind == "RoleBinding" {
			scope = "every resource of its namespace"
		}
		who := "no subject yet"
		if len(b.subjects) > 0 {
			who = strings.Join(b.subjectNames(), ", ")
		}
		p.Reportf(finding.Line(b.roleLine), b.obj.ID()+"/roleRef", "cluster-admin: "+who,
			"%s gives cluster-admin to %s: full control of %s, secrets and RBAC included, so a leak of any of these identities is a takeover; bind a role that lists what they need",
			b.obj.ID(), who, scope)
	}
}

// obSubject is one subject of a binding.
type obSubject struct {
	kind, name, namespace string
	nameLine              int
}

// String is "ServiceAccount kube-system/tiller", "Group system:masters".
func (s obSubject) String() string {
	name := s.name
	if s.namespace != "" {
		name = s.namespace + "/" + name
	}
	return strings.TrimSpace(s.kind + " " + name)
}

// obBinding is a RoleBinding or ClusterRoleBinding.
type obBinding struct {
	obj                *kube.Object
	roleKind, roleName string
	roleLine           int
	subjects           []obSubject
}

func (b *obBinding) subjectNames() []string {
	out := make([]string, len(b.subjects))
	for i, s := range b.subjects {
		out[i] = s.String()
	}
	return out
}

// obBindings reads the file's RoleBindings and ClusterRoleBindings.
func obBindings(p *rule.Pass) []*obBinding {
	var out []*obBinding
	for _, obj := range obObjects(p) {
		if !obIsRBAC(obj, "RoleBinding", "ClusterRoleBinding") {
			continue
		}
		b := &obBinding{obj: obj}
		b.roleKind, _ = obScalar(obj.Get("roleRef", "kind"))
		b.roleName, _ = obScalar(obj.Get("roleRef", "name"))
		b.roleLine, _ = obj.Line("roleRef", "name")
		if subs := resolveNode(obj.Get("subjects")); subs != nil {
			for _, s := range subs.Content {
				var sub obSubject
				for _, e := range obEntries(s) {
					v, _ := obScalar(e.v)
					switch e.key {
					case "kind":
						sub.kind = v
					case "name":
						sub.name, sub.nameLine = v, e.k.Line
					case "namespace":
						sub.namespace = v
					}
				}
				if sub.nameLine == 0 {
					if r := resolveNode(s); r != nil {
						sub.nameLine = r.Line
					}
				}
				b.subjects = append(b.subjects, sub)
			}
		}
		out = append(out, b)
	}
	return out
}
