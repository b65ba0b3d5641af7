package kube

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S041 flags a `*` in the apiGroups, resources or verbs of a Role or
// ClusterRole rule: one finding per field, at the field's line.
var K8S041 = &rule.Rule{
	ID:       "K8S041",
	Name:     "rbac-wildcard",
	Title:    "RBAC rule grants a wildcard",
	Severity: finding.High,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0044", "KSV-0045", "KSV-0046"}, Checkov: []string{"CKV_K8S_49"},
		KICS: []string{"rbac_wildcard_in_rule"}, KubeLinter: []string{"wildcard-in-rules"}},
	Check: checkK8S041,
}

func checkK8S041(p *rule.Pass) {
	for _, r := range obRBACRules(p) {
		for _, f := range []*obRBACField{&r.apiGroups, &r.resources, &r.verbs} {
			if !f.has("*") {
				continue
			}
			p.Reportf(finding.Line(f.line), r.loc(f.name), f.name+"=*",
				"%s %s grants %s, so the role also covers whatever the API adds later; list the %s the workload needs",
				r.obj.ID(), r.label(), k8s041What(r, f.name), f.name)
		}
	}
}

// k8s041What says what the wildcard in field of r grants. A rule that is
// all wildcards is the power of cluster-admin, which the RBAC rules
// K8S043-K8S046 leave to this one.
func k8s041What(r *obRBACRule, field string) string {
	switch {
	case field == "verbs" && r.fullWildcard():
		return "every verb on every resource of every API group (verbs: *), the power of cluster-admin: reading every Secret, exec into pods, creating pods as any service account, escalate, bind and impersonate"
	case field == "verbs":
		return "every verb (verbs: *), including delete, escalate, bind and impersonate where they apply"
	case field == "resources" && r.groupMatches(""):
		return "every resource (resources: *), secrets and subresources such as pods/exec included"
	case field == "resources":
		return "every resource of API group " + r.apiGroupList() + " (resources: *)"
	}
	return "every API group (apiGroups: *)"
}

// fullWildcard reports whether the entry grants every verb on every
// resource of every API group.
func (r *obRBACRule) fullWildcard() bool {
	return r.apiGroups.has("*") && r.resources.has("*") && r.verbs.has("*")
}

// apiGroupList lists the entry's API groups for messages: "metrics.k8s.io",
// "a, b".
func (r *obRBACRule) apiGroupList() string {
	parts := make([]string, len(r.apiGroups.items))
	for i, it := range r.apiGroups.items {
		parts[i] = it.value
	}
	return strings.Join(parts, ", ")
}

// obRBACField is one list field of a policy rule.
type obRBACField struct {
	name   string
	items  []obItem
	line   int // the key's line; 0 when absent
	exists bool
}

// has reports whether the list holds v.
func (f *obRBACField) has(v string) bool {
	for _, it := range f.items {
		if it.value == v {
			return true
		}
	}
	return false
}

// hasAny reports whether the list holds one of vs (or "*").
func (f *obRBACField) hasAny(vs ...string) (string, bool) {
	for _, it := range f.items {
		if it.value == "*" {
			return "*", true
		}
		for _, v := range vs {
			if strings.EqualFold(it.value, v) {
				return it.value, true
			}
		}
	}
	return "", false
}

// obRBACRule is one entry of a Role's or ClusterRole's rules.
type obRBACRule struct {
	obj                                                 *kube.Object
	index                                               int
	line                                                int
	apiGroups, resources, verbs, resourceNames, nonURLs obRBACField
}

// label names the rule entry for messages: `rule for secrets, pods`.
func (r *obRBACRule) label() string {
	return "rule for " + r.name(", ")
}

// name lists what the entry is about: its resources, or its
// nonResourceURLs, or its index.
func (r *obRBACRule) name(sep string) string {
	list := r.resources.items
	if len(list) == 0 {
		list = r.nonURLs.items
	}
	if len(list) == 0 {
		return "#" + strconv.Itoa(r.index+1)
	}
	parts := make([]string, len(list))
	for i, it := range list {
		parts[i] = it.value
	}
	return strings.Join(parts, sep)
}

// loc is the stable location of a field of the entry:
// ClusterRole/reader/rules[secrets,pods].verbs. Entries are named by what
// they cover, not by their index, which shifts when rules are added.
func (r *obRBACRule) loc(field string) string {
	return r.obj.ID() + "/rules[" + r.name(",") + "]." + field
}

// groupMatches reports whether the entry's apiGroups cover group ("" is
// the core group). An absent or empty apiGroups matches nothing, as in the
// API server.
func (r *obRBACRule) groupMatches(groups ...string) bool {
	for _, it := range r.apiGroups.items {
		if it.value == "*" {
			return true
		}
		for _, g := range groups {
			if it.value == g {
				return true
			}
		}
	}
	return false
}

// resourceMatches reports which of resources the entry covers (by name,
// by "*", or by "pods/*" for a subresource), and whether any.
func (r *obRBACRule) resourceMatches(resources ...string) (string, bool) {
	for _, it := range r.resources.items {
		for _, want := range resources {
			if it.value == "*" || strings.EqualFold(it.value, want) {
				return it.value, true
			}
			if base, sub, ok := strings.Cut(want, "/"); ok && sub != "" && it.value == base+"/*" {
				return it.value, true
			}
		}
	}
	return "", false
}

// obRBACRules reads the rule entries of every Role and ClusterRole.
func obRBACRules(p *rule.Pass) []*obRBACRule {
	var out []*obRBACRule
	for _, obj := range obObjects(p) {
		if !obIsRBAC(obj, "Role", "ClusterRole") {
			continue
		}
		rules := resolveNode(obj.Get("rules"))
		if rules == nil || rules.Kind != yaml.SequenceNode {
			continue
		}
		for i, item := range rules.Content {
			item = resolveNode(item)
			if item == nil {
				continue
			}
			r := &obRBACRule{obj: obj, index: i, line: item.Line}
			fields := map[string]*obRBACField{"apiGroups": &r.apiGroups, "resources": &r.resources, "verbs": &r.verbs,
				"resourceNames": &r.resourceNames, "nonResourceURLs": &r.nonURLs}
			for name, f := range fields {
				f.name = name
			}
			for _, e := range obEntries(item) {
				if f, ok := fields[e.key]; ok {
					f.items, f.line, f.exists = obStrings(e.v), e.k.Line, true
				}
			}
			out = append(out, r)
		}
	}
	return out
}
