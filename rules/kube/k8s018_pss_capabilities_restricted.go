package kube

import (
	"regexp"
	"strconv"
	"strings"

	"k8s.io/pod-security-admission/api"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S018 flags what the Pod Security Standards control "Capabilities (restricted)" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks). An added capability that the
// baseline level forbids too is K8S004's: K8S018 then reports only a missing drop of ALL,
// so one capability does not get the same comment twice.
var K8S018 = &rule.Rule{
	ID:          "K8S018",
	Name:        "pss-capabilities-restricted",
	Title:       "Container does not drop all capabilities",
	Severity:    finding.Low,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0003", "KSV-0004", "KSV-0106"}, Checkov: []string{"CKV_K8S_28", "CKV_K8S_37"}, KICS: []string{"net_raw_capabilities_not_being_dropped", "no_drop_capabilities_for_containers"}, PSS: []string{"Capabilities (restricted)"}},
	Check:       checkK8S018,
}

func checkK8S018(p *rule.Pass) {
	const consequence = "the default capabilities (NET_RAW, CHOWN, SETUID…) stay available to an intruder"
	for _, v := range pssViolations(p) {
		c := v.Container
		if c != nil && k8s018BaselineAdd(p, v) {
			if k8s018DropsAll(c) && p.Enabled("K8S004") {
				continue // the added capability is all there is: K8S004 reports it
			}
			v = k8s018MissingDrop(v)
		}
		if c != nil && k8s018DropsAllLowercase(c) {
			pssReportOne(p, v, `container runtimes read "all" as ALL, so the capabilities are dropped, but Pod Security admission accepts only the exact "ALL" and rejects the pod in a namespace that enforces restricted`, fixK8S018)
			continue
		}
		pssReportOne(p, v, consequence, fixK8S018)
	}
}

// k8s018BaselineAdd reports whether v points at an added capability that
// the baseline level forbids as well (K8S004 reports it at the same place).
func k8s018BaselineAdd(p *rule.Pass, v psViolation) bool {
	n := len(v.Path)
	if v.Missing || n < 2 || v.Path[n-2] != "add" {
		return false
	}
	version := ""
	if p.Options != nil {
		version = p.Options.K8sVersion
	}
	vs, err := v.pod.EvaluatePSS(api.LevelBaseline, version)
	if err != nil {
		return false
	}
	for _, b := range vs {
		if b.CheckID == "capabilities_baseline" && b.Container == v.Container && kube.FormatPath(b.Path) == kube.FormatPath(v.Path) {
			return true
		}
	}
	return false
}

// k8s018MissingDrop turns a violation at an added capability into the
// missing drop of ALL that remains once K8S004 has the capability.
func k8s018MissingDrop(v psViolation) psViolation {
	c := v.Container
	v.Path = psJoin(c.Path, "securityContext", "capabilities")
	v.Missing = true
	if drop := psJoin(v.Path, "drop"); c.Pod.Object.Get(drop...) != nil {
		v.Path, v.Missing = drop, false // a drop list without ALL
	}
	var keep []string
	for _, part := range strings.Split(v.Detail, "; ") {
		if strings.Contains(part, "drop") {
			keep = append(keep, part)
		}
	}
	v.Detail = strings.Join(keep, "; ")
	return v
}

// k8s018DropsAll reports whether the container drops exactly "ALL".
func k8s018DropsAll(c *kube.Container) bool {
	sc := c.Spec.SecurityContext
	if sc == nil || sc.Capabilities == nil {
		return false
	}
	for _, d := range sc.Capabilities.Drop {
		if d == "ALL" {
			return true
		}
	}
	return false
}

// k8s018DropsAllLowercase reports whether the container drops "all" in
// another case than ALL, and not ALL itself.
func k8s018DropsAllLowercase(c *kube.Container) bool {
	sc := c.Spec.SecurityContext
	if sc == nil || sc.Capabilities == nil || k8s018DropsAll(c) {
		return false
	}
	for _, d := range sc.Capabilities.Drop {
		if strings.EqualFold(string(d), "ALL") {
			return true
		}
	}
	return false
}

// fixK8S018 adds drop: ["ALL"] to a container that drops nothing, or
// rewrites a drop of "all" in the wrong case to ALL.
func fixK8S018(p *rule.Pass, v psViolation) *finding.Fix {
	c := v.Container
	if c == nil {
		return nil
	}
	obj := v.pod.Object
	if k8s018DropsAllLowercase(c) {
		return k8s018FixCase(p, c)
	}
	if !v.Missing {
		return nil
	}
	if obj.Get(psJoin(c.Path, "securityContext", "capabilities", "drop")...) != nil {
		return nil
	}
	edits, ok := psInsert(obj, fileLines(p), psJoin(c.Path, "securityContext", "capabilities"), []string{`drop: ["ALL"]`})
	if !ok {
		return nil
	}
	return &finding.Fix{Description: `Add capabilities: {drop: ["ALL"]}`, Edits: edits}
}

// k8s018FixCase rewrites the "all" item of the container's drop list to
// ALL when it sits alone on its line ("- all").
func k8s018FixCase(p *rule.Pass, c *kube.Container) *finding.Fix {
	if !k8s018DropsAllLowercase(c) {
		return nil
	}
	lines := fileLines(p)
	obj := c.Pod.Object
	for i, d := range c.Spec.SecurityContext.Capabilities.Drop {
		if !strings.EqualFold(string(d), "ALL") {
			continue
		}
		n := resolveNode(obj.Get(psJoin(c.Path, "securityContext", "capabilities", "drop", strconv.Itoa(i))...))
		if n == nil || n.Line < 1 || n.Line > len(lines) {
			return nil
		}
		l := lines[n.Line-1]
		m := k8s018ItemRE.FindStringSubmatch(l)
		if m == nil || !strings.EqualFold(m[3], "ALL") {
			return nil
		}
		text := m[1] + m[2] + "ALL" + m[2] + m[4] + "\n"
		return &finding.Fix{Description: `Write the capability as "ALL"`, Edits: []finding.Edit{{StartLine: n.Line, EndLine: n.Line, NewText: text}}}
	}
	return nil
}

// k8s018ItemRE matches a list item alone on its line: `  - all  # comment`.
var k8s018ItemRE = regexp.MustCompile(`^(\s*-\s+)(["']?)([A-Za-z_]+)["']?(\s*(?:#.*)?)$`)
