package kube

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// objectRules lists the image, secret, RBAC, Service and account rules.
func objectRules() []*rule.Rule {
	return []*rule.Rule{
		K8S030, K8S031, K8S032, K8S033, K8S034, K8S035,
		K8S036, K8S037, K8S038,
		K8S039, K8S040,
		K8S041, K8S042, K8S043, K8S044, K8S045, K8S046, K8S047,
		K8S048, K8S049,
		K8S050, K8S051, K8S052, K8S053,
	}
}

// The helpers of this group are prefixed "ob" so they never collide with
// the pod-security group's ("ps") in the same package; helpers both groups
// use live in shared.go.

// obObjects returns the pass's objects (nil-safe).
func obObjects(p *rule.Pass) []*kube.Object {
	if p == nil || p.Kube == nil {
		return nil
	}
	return p.Kube.Objects
}

// obIsCore reports whether o is kind in the core API group (apiVersion v1,
// or no apiVersion at all).
func obIsCore(o *kube.Object, kind string) bool {
	return o.Kind == kind && (o.APIVersion == "" || o.APIVersion == "v1")
}

// obIsRBAC reports whether o is one of kinds in rbac.authorization.k8s.io
// (or has no apiVersion).
func obIsRBAC(o *kube.Object, kinds ...string) bool {
	if o.APIVersion != "" && o.Group() != "rbac.authorization.k8s.io" {
		return false
	}
	for _, k := range kinds {
		if o.Kind == k {
			return true
		}
	}
	return false
}

// obWho names a container of a workload for messages:
// `Deployment/web container "app"`.
func obWho(c *kube.Container) string {
	return c.Pod.Object.ID() + " " + containerName(c)
}

// obContainerLoc is the stable location of a container field:
// Deployment/web/containers[app]/image.
func obContainerLoc(c *kube.Container, field string) string {
	loc := c.Pod.Object.ID() + "/" + c.Ref()
	if field != "" {
		loc += "/" + field
	}
	return loc
}

// obPodLoc is the stable location of a pod-level field:
// Deployment/web/pod/serviceAccountName.
func obPodLoc(pod *kube.Pod, field string) string {
	return pod.Object.ID() + "/pod/" + field
}

// obContainerLine is the line of field in c when it is set, or of the
// container itself.
func obContainerLine(c *kube.Container, field ...string) int {
	line, _ := c.Line(field...)
	return line
}

// ---- YAML nodes -------------------------------------------------------

// obScalar returns the text of a scalar node and whether n is a non-null
// scalar.
func obScalar(n *yaml.Node) (string, bool) {
	n = resolveNode(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return "", false
	}
	return n.Value, true
}

// obEntry is one key of a mapping node.
type obEntry struct {
	key   string
	k, v  *yaml.Node
	index int // position among the mapping's entries
}

// obEntries lists the scalar keys of mapping n in order (direct keys only;
// a duplicated key keeps its last value, as the API server does).
func obEntries(n *yaml.Node) []obEntry {
	n = resolveNode(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]obEntry, 0, len(n.Content)/2)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || k.Value == "<<" {
			continue
		}
		e := obEntry{key: k.Value, k: k, v: n.Content[i+1], index: len(out)}
		if j, ok := seen[k.Value]; ok {
			out[j] = obEntry{key: k.Value, k: k, v: n.Content[i+1], index: j}
			continue
		}
		seen[k.Value] = len(out)
		out = append(out, e)
	}
	return out
}

// obItem is one scalar of a sequence (or of a one-value scalar written in
// place of a list).
type obItem struct {
	value string
	line  int
}

// obStrings reads a list of scalars. A single scalar counts as a list of
// one, as a lenient reader would.
func obStrings(n *yaml.Node) []obItem {
	n = resolveNode(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if v, ok := obScalar(n); ok {
			return []obItem{{v, n.Line}}
		}
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]obItem, 0, len(n.Content))
	for _, c := range n.Content {
		if v, ok := obScalar(c); ok {
			out = append(out, obItem{v, resolveNode(c).Line})
		}
	}
	return out
}

// ---- images -----------------------------------------------------------

// obJudgeImages runs imagecheck over the image of every container (init,
// app and ephemeral) and reports the problems accepted by want at the
// container's image: line, with imagecheck's own sentence.
func obJudgeImages(p *rule.Pass, want func(imagecheck.Problem) bool) {
	obJudgeImagesFunc(p, func(_ imagecheck.Verdict, f imagecheck.Finding) (string, bool) {
		return f.Message, want(f.Problem)
	})
}

// obJudgeImagesFunc is obJudgeImages with the choice and the sentence left
// to judge, which sees the whole verdict of the image.
func obJudgeImagesFunc(p *rule.Pass, judge func(v imagecheck.Verdict, f imagecheck.Finding) (string, bool)) {
	pods := workloadPods(p)
	if len(pods) == 0 {
		return
	}
	set := imagecheck.SettingsFor(p.Options)
	for _, pod := range pods {
		for _, c := range pod.Containers() {
			img := strings.TrimSpace(c.Spec.Image)
			if img == "" {
				continue
			}
			v := imagecheck.JudgeCached(img, set)
			for _, f := range v.Findings {
				if msg, ok := judge(v, f); ok {
					p.Reportf(finding.Line(obContainerLine(c, "image")), obContainerLoc(c, "image"), img,
						"%s: %s", obWho(c), msg)
				}
			}
		}
	}
}

// ---- fixes ------------------------------------------------------------

// obReplaceValue returns an edit that rewrites the scalar value of key at
// line to want, when "key: value" sits alone on that line.
func obReplaceValue(lines []string, line int, key, want string) (finding.Edit, bool) {
	if line < 1 || line > len(lines) {
		return finding.Edit{}, false
	}
	text, ok := setScalarLine(strings.TrimSuffix(lines[line-1], "\r"), key, want)
	if !ok {
		return finding.Edit{}, false
	}
	return finding.Edit{StartLine: line, EndLine: line, NewText: text}, true
}

// obInsertKey returns an edit that adds "text" as a new key of the block
// mapping n, before its first key that starts its own line (at that key's
// indentation), or after a one-line first item ("- image: x") at the
// item's key column.
func obInsertKey(lines []string, n *yaml.Node, text string) (finding.Edit, bool) {
	n = resolveNode(n)
	if lines == nil || n == nil || n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle != 0 || len(n.Content) < 2 || n.Anchor != "" {
		return finding.Edit{}, false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Line < 1 || k.Line > len(lines) || k.Column < 1 {
			return finding.Edit{}, false
		}
		l := lines[k.Line-1]
		if len(l) < k.Column-1 || strings.TrimSpace(l[:k.Column-1]) != "" {
			continue // the key sits on a "- " line
		}
		return finding.Edit{StartLine: k.Line, EndLine: k.Line - 1, NewText: l[:k.Column-1] + text + "\n"}, true
	}
	// Every key is on a "- " line: insert after the first key when its
	// value ends on the same line.
	k, v := n.Content[0], resolveNode(n.Content[1])
	if v == nil || v.Line != k.Line || v.Kind != yaml.ScalarNode || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return finding.Edit{}, false
	}
	return finding.Edit{StartLine: k.Line + 1, EndLine: k.Line, NewText: strings.Repeat(" ", k.Column-1) + text + "\n"}, true
}
