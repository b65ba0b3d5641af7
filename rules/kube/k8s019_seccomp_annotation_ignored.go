package kube

import (
	"strings"

	"gopkg.in/yaml.v3"
	corev1 "k8s.io/api/core/v1"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S019 flags the alpha seccomp annotations on a workload whose containers
// set no securityContext.seccompProfile: kubelets ignore the pod and
// container annotations since Kubernetes 1.25 and the API server stopped
// copying them into the fields in 1.27; the PodSecurityPolicy annotations
// (defaultProfileName, allowedProfileNames) never did anything on a pod.
// The author believes seccomp is on; it is not.
var K8S019 = &rule.Rule{
	ID:          "K8S019",
	Name:        "seccomp-annotation-ignored",
	Title:       "Seccomp set by an annotation that Kubernetes ignores",
	Severity:    finding.Medium,
	Kind:        rule.KindKubernetes,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"seccomp_profile_is_not_configured"}},
	Check:       checkK8S019,
}

// The PodSecurityPolicy seccomp annotations (the pod and container ones are
// corev1.SeccompPodAnnotationKey and corev1.SeccompContainerAnnotationKeyPrefix).
const (
	k8s019PSPDefault = "seccomp.security.alpha.kubernetes.io/defaultProfileName"
	k8s019PSPAllowed = "seccomp.security.alpha.kubernetes.io/allowedProfileNames"
)

// k8s019Annotation is one alpha seccomp annotation of a workload.
type k8s019Annotation struct {
	key, value string
	k, v       *yaml.Node
	// annotations is the mapping that holds it.
	annotations *yaml.Node
	// container names the container a container annotation is for; "" for
	// the annotations meant for every container.
	container string
	// psp marks the PodSecurityPolicy annotations, which never applied a
	// profile to a pod.
	psp bool
	// objectLevel marks an annotation of the workload's own metadata (a
	// Deployment's), which never reaches its pods.
	objectLevel bool
}

func checkK8S019(p *rule.Pass) {
	honoured := k8s019StillHonoured(p)
	for _, pod := range workloadPods(p) {
		if pod.Partial() {
			continue // a patch: its base may set the profile
		}
		anns := k8s019Annotations(pod)
		if len(anns) == 0 {
			continue
		}
		// Containers with an annotation of their own on the pod template are
		// not what the pod-wide annotations are meant for.
		own := map[string]bool{}
		for _, a := range anns {
			if a.container != "" && !a.objectLevel {
				own[a.container] = true
			}
		}
		for _, a := range anns {
			if honoured && !a.psp && !a.objectLevel {
				continue // the API server still turns it into the field
			}
			bare := k8s019Unprotected(pod, a, own)
			if len(bare) == 0 {
				continue
			}
			k8s019Report(p, pod, a, bare)
		}
	}
}

// k8s019StillHonoured reports whether the pass targets a Kubernetes version
// before 1.27, whose API server still copies the pod and container
// annotations into securityContext.seccompProfile when a pod is created.
func k8s019StillHonoured(p *rule.Pass) bool {
	if p.Options == nil || p.Options.K8sVersion == "" {
		return false
	}
	v, err := kube.ParsePSSVersion(p.Options.K8sVersion)
	if err != nil || v.Latest() {
		return false
	}
	return v.Major() == 1 && v.Minor() < 27
}

// k8s019Annotations lists the alpha seccomp annotations of the pod template
// and, for a workload that is not a Pod, of the object's own metadata,
// when their value asks for a profile.
func k8s019Annotations(pod *kube.Pod) []k8s019Annotation {
	var out []k8s019Annotation
	add := func(path []string, objectLevel bool) {
		m := resolveNode(pod.Object.Get(path...))
		for _, e := range obEntries(m) {
			a := k8s019Annotation{key: e.key, k: e.k, v: e.v, annotations: m, objectLevel: objectLevel}
			switch {
			case e.key == corev1.SeccompPodAnnotationKey:
			case strings.HasPrefix(e.key, corev1.SeccompContainerAnnotationKeyPrefix):
				a.container = strings.TrimPrefix(e.key, corev1.SeccompContainerAnnotationKeyPrefix)
			case e.key == k8s019PSPDefault || e.key == k8s019PSPAllowed:
				a.psp = true
			default:
				continue
			}
			a.value, _ = obScalar(e.v)
			if k8s019AsksForProfile(a.value) {
				out = append(out, a)
			}
		}
	}
	add(psJoin(pod.MetaPath, "annotations"), false)
	if kube.FormatPath(pod.MetaPath) != "metadata" {
		add([]string{"metadata", "annotations"}, true)
	}
	return out
}

// k8s019AsksForProfile reports whether an annotation's value asks for a
// seccomp profile: anything but nothing, unconfined or the wildcard of
// allowedProfileNames (a comma-separated list).
func k8s019AsksForProfile(value string) bool {
	for _, item := range strings.Split(value, ",") {
		switch strings.ToLower(strings.TrimSpace(item)) {
		case "", "unconfined", "*":
		default:
			return true
		}
	}
	return false
}

// k8s019Unprotected lists the containers annotation a is meant for that
// run without a seccomp profile (none set on them or on the pod).
func k8s019Unprotected(pod *kube.Pod, a k8s019Annotation, own map[string]bool) []*kube.Container {
	var out []*kube.Container
	for _, c := range pod.Containers() {
		if a.container != "" && c.Name != a.container || a.container == "" && own[c.Name] {
			continue
		}
		if sp := c.Effective.SeccompProfile; sp == nil || sp.Type == "" {
			out = append(out, c)
		}
	}
	return out
}

// k8s019Report reports annotation a, which leaves the containers bare
// without a profile.
func k8s019Report(p *rule.Pass, pod *kube.Pod, a k8s019Annotation, bare []*kube.Container) {
	obj := pod.Object
	names := make([]string, len(bare))
	for i, c := range bare {
		names[i] = containerName(c)
	}
	var why string
	switch {
	case a.objectLevel:
		why = "sits on the " + obj.Kind + "'s own metadata, which is never copied to its pods (and kubelets ignore the annotation since Kubernetes 1.25 anyway)"
	case a.psp:
		why = "is a PodSecurityPolicy annotation: on a pod it never applied a profile"
	default:
		why = "has been ignored by kubelets since Kubernetes 1.25, and since 1.27 the API server no longer copies it into securityContext.seccompProfile"
	}
	loc := obj.ID() + "/pod/metadata.annotations[" + a.key + "]"
	if a.objectLevel {
		loc = obj.ID() + "/metadata.annotations[" + a.key + "]"
	}
	p.Report(finding.Finding{
		Range:    finding.Line(a.k.Line),
		Location: loc,
		Evidence: a.key + "=" + a.value,
		Message: obj.ID() + " asks for seccomp with the annotation " + a.key + ": " + a.value + ", which " + why +
			", so " + k8s019Subject(names) + " without a seccomp profile and can make the system calls most kernel exploits need; set securityContext.seccompProfile.type: RuntimeDefault",
		Fix: fixK8S019(p, pod, a),
	})
}

// k8s019Subject joins container names as the subject of "run(s)":
// `container "app" runs`, `init container "setup" and container "app" run`.
func k8s019Subject(names []string) string {
	switch n := len(names); n {
	case 0:
		return "no container runs"
	case 1:
		return names[0] + " runs"
	default:
		return strings.Join(names[:n-1], ", ") + " and " + names[n-1] + " run"
	}
}

// fixK8S019 replaces an annotation asking for the runtime's default profile
// with seccompProfile: {type: RuntimeDefault} in the securityContext of the
// pod (or of the container a container annotation names), and deletes the
// annotation when it sits alone on its line.
func fixK8S019(p *rule.Pass, pod *kube.Pod, a k8s019Annotation) *finding.Fix {
	switch strings.ToLower(strings.TrimSpace(a.value)) {
	case "runtime/default", "docker/default":
	default:
		return nil // a localhost/ profile or a list: the field's value is not mechanical
	}
	obj, lines := pod.Object, fileLines(p)
	body := []string{"seccompProfile:", "  type: RuntimeDefault"}
	target := pod.Path
	if a.container != "" {
		target = nil
		for _, c := range pod.Containers() {
			if c.Name == a.container {
				target = c.Path
				break
			}
		}
	}
	if target == nil || obj.Get(psJoin(target, "securityContext", "seccompProfile")...) != nil {
		return nil
	}
	edits, ok := psInsert(obj, lines, psJoin(target, "securityContext"), body)
	if !ok {
		return nil
	}
	description := "Set seccompProfile: {type: RuntimeDefault} in the securityContext"
	if del, ok := k8s019DeleteLine(lines, a); ok && !k8s019Overlaps(edits, del) {
		edits = append(edits, del)
		description = "Replace the annotation with seccompProfile: {type: RuntimeDefault} in the securityContext"
	}
	return &finding.Fix{Description: description, Edits: edits}
}

// k8s019DeleteLine returns an edit that deletes annotation a when it is a
// "key: value" entry of a block mapping alone on its line.
func k8s019DeleteLine(lines []string, a k8s019Annotation) (finding.Edit, bool) {
	m, k, v := a.annotations, a.k, resolveNode(a.v)
	if m == nil || m.Style&yaml.FlowStyle != 0 || m.Anchor != "" || v == nil || v.Kind != yaml.ScalarNode ||
		v.Line != k.Line || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || k.Line < 1 || k.Line > len(lines) {
		return finding.Edit{}, false
	}
	l := lines[k.Line-1]
	if k.Column < 1 || len(l) < k.Column-1 || strings.TrimSpace(l[:k.Column-1]) != "" {
		return finding.Edit{}, false // the key shares its line with something before it
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if other := m.Content[i]; other != k && other.Line == k.Line {
			return finding.Edit{}, false
		}
	}
	return finding.Edit{StartLine: k.Line, EndLine: k.Line, NewText: ""}, true
}

// k8s019Overlaps reports whether del touches the lines of edits.
func k8s019Overlaps(edits []finding.Edit, del finding.Edit) bool {
	for _, e := range edits {
		if del.StartLine <= max(e.EndLine, e.StartLine) && del.EndLine >= e.StartLine-1 {
			return true
		}
	}
	return false
}
