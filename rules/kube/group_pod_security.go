package kube

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// podSecurityRules lists the Pod Security Standards and workload rules.
func podSecurityRules() []*rule.Rule {
	return []*rule.Rule{
		K8S001, K8S002, K8S003, K8S004, K8S005, K8S006, K8S007, K8S008, K8S009, K8S010, K8S011, K8S012,
		K8S013, K8S014, K8S015, K8S016, K8S017, K8S018, K8S019,
		K8S020, K8S021, K8S022, K8S023, K8S024, K8S025, K8S026, K8S027,
	}
}

// pssControl ties a rule to the library checks it reports.
type pssControl struct {
	level  api.Level
	checks []string
}

// pssRuleChecks maps every Pod Security Standards rule to the library's
// check IDs it reports; a test makes sure every check of the library has
// exactly one rule.
var pssRuleChecks = map[string][]pssControl{
	"K8S001": {{api.LevelBaseline, []string{"windowsHostProcess"}}},
	"K8S002": {{api.LevelBaseline, []string{"hostNamespaces"}}},
	"K8S003": {{api.LevelBaseline, []string{"privileged"}}},
	"K8S004": {{api.LevelBaseline, []string{"capabilities_baseline"}}},
	"K8S005": {{api.LevelBaseline, []string{"hostPathVolumes"}}},
	"K8S006": {{api.LevelBaseline, []string{"hostPorts"}}},
	"K8S007": {{api.LevelBaseline, []string{"appArmorProfile"}}},
	"K8S008": {{api.LevelBaseline, []string{"seLinuxOptions"}}},
	"K8S009": {{api.LevelBaseline, []string{"procMount"}}, {api.LevelRestricted, []string{"procMount_restricted"}}},
	"K8S010": {{api.LevelBaseline, []string{"seccompProfile_baseline"}}},
	"K8S011": {{api.LevelBaseline, []string{"sysctls"}}},
	"K8S012": {{api.LevelBaseline, []string{"hostProbesAndHostLifecycle"}}},
	"K8S013": {{api.LevelRestricted, []string{"restrictedVolumes"}}},
	"K8S014": {{api.LevelRestricted, []string{"allowPrivilegeEscalation"}}},
	"K8S015": {{api.LevelRestricted, []string{"runAsNonRoot"}}},
	"K8S016": {{api.LevelRestricted, []string{"runAsUser"}}},
	"K8S017": {{api.LevelRestricted, []string{"seccompProfile_restricted"}}},
	"K8S018": {{api.LevelRestricted, []string{"capabilities_restricted"}}},
}

// PSSCheckRules returns, for each Pod Security Standards rule ID, the
// library check IDs it reports (for tests and docs).
func PSSCheckRules() map[string][]string {
	out := map[string][]string{}
	for id, controls := range pssRuleChecks {
		for _, c := range controls {
			out[id] = append(out[id], c.checks...)
		}
	}
	return out
}

// psViolation is a library verdict with the pod it belongs to.
type psViolation struct {
	pod *kube.Pod
	kube.PSSViolation
}

// pssViolations returns the violations of the library checks the pass's
// rule reports, for every workload of the file, without duplicates (a
// control reported at two levels). A required field absent from a partial
// pod spec (a kustomize patch: see kube.Pod.Partial) is not a violation:
// the base it is merged over may set it. Evaluation is cached per pod and
// level by the model.
func pssViolations(p *rule.Pass) []psViolation {
	controls := pssRuleChecks[p.Rule.ID]
	version := ""
	if p.Options != nil {
		version = p.Options.K8sVersion
	}
	var out []psViolation
	for _, pod := range workloadPods(p) {
		seen := map[string]bool{}
		for _, c := range controls {
			vs, err := pod.EvaluatePSS(c.level, version)
			if err != nil {
				continue // a bad version is reported by the engine's config check
			}
			for _, v := range vs {
				if !slices.Contains(c.checks, v.CheckID) || v.Missing && pod.Partial() {
					continue
				}
				key := kube.FormatPath(v.Path)
				if v.Container != nil {
					key = v.Container.Ref() + "|" + key
				}
				if seen[key] {
					continue
				}
				seen[key] = true
				out = append(out, psViolation{pod: pod, PSSViolation: v})
			}
		}
	}
	return out
}

// pssReport reports every violation of the pass's rule. consequence ends
// the message (what an attacker gains); fix, when not nil, proposes a
// mechanical fix for a violation (or returns nil).
func pssReport(p *rule.Pass, consequence string, fix func(p *rule.Pass, v psViolation) *finding.Fix) {
	for _, v := range pssViolations(p) {
		pssReportOne(p, v, consequence, fix)
	}
}

// psDetail drops the container's name from the library's detail when the
// message already names the container: `container "app" must set …`
// becomes `must set …`, `pod or container "app" must set …` becomes
// `the pod or the container must set …`.
func psDetail(detail string, c *kube.Container) string {
	if c == nil || detail == "" {
		return detail
	}
	q := `"` + c.Name + `" `
	parts := strings.Split(detail, "; ")
	for i, part := range parts {
		switch {
		case strings.HasPrefix(part, "pod or container "+q):
			parts[i] = "the pod or the container " + strings.TrimPrefix(part, "pod or container "+q)
		case strings.HasPrefix(part, "container "+q):
			parts[i] = strings.TrimPrefix(part, "container "+q)
		}
	}
	return strings.Join(parts, "; ")
}

func pssReportOne(p *rule.Pass, v psViolation, consequence string, fix func(p *rule.Pass, v psViolation) *finding.Fix) {
	obj := v.pod.Object
	line := psViolationLine(v)
	who := obj.ID()
	if v.Container != nil {
		who += " " + containerName(v.Container)
	}
	what := v.Reason
	if d := psDetail(v.Detail, v.Container); d != "" {
		what += " (" + d + ")"
	}
	origin := ""
	switch {
	case v.Missing && v.Container != nil:
		origin = ", not set on the container or the pod"
	case v.Missing:
		origin = ", not set"
	case v.Container == nil && psHasPrefix(v.Path, psJoin(v.pod.Path, "securityContext")):
		origin = ", set at pod level for every container"
	case v.Container != nil && !psHasPrefix(v.Path, v.Container.Path) && psHasPrefix(v.Path, v.pod.Path):
		origin = ", set at pod level"
	}
	msg := fmt.Sprintf("%s breaks the %s Pod Security Standard: %s%s; %s", who, v.Level, what, origin, consequence)
	var f *finding.Fix
	if fix != nil {
		f = fix(p, v)
	}
	p.Report(finding.Finding{
		Range:    psViolationRange(v, line),
		Location: psLocation(v.pod, v.Container, v.Path),
		Evidence: psEvidence(obj, v.Path, v.Missing, v.Reason),
		Message:  msg,
		Fix:      f,
	})
}

// psViolationLine is where a violation is shown: the offending field, or,
// when a required field is absent from a container, the container's
// securityContext key when it has one (where the field belongs) and the
// container otherwise.
func psViolationLine(v psViolation) int {
	if v.Missing && v.Container != nil && len(v.Path) == len(v.Container.Path) {
		return psMissingLine(v.Container)
	}
	if n := len(v.Path); n > 0 && v.Path[n-1] == "hostPath" {
		if line, ok := v.pod.Object.Line(psJoin(v.Path, "path")...); ok {
			return line // the host folder itself
		}
	}
	line, _ := v.pod.Object.Line(v.Path...)
	return line
}

// psViolationRange is the range of a violation shown at line: the line
// alone, except for a host port, which runs from the container's ports key
// to the hostPort field (the port list is what opens the node's port, and
// a review comment then shows which containerPort it maps), and for a
// required field absent from a container, which runs from the container to
// its securityContext key (see psMissingRange).
func psViolationRange(v psViolation, line int) finding.Range {
	if v.Missing && v.Container != nil && len(v.Path) == len(v.Container.Path) {
		return psMissingRange(v.Container)
	}
	if n := len(v.Path); n >= 3 && v.Path[n-1] == "hostPort" && v.Path[n-3] == "ports" {
		if start, ok := v.pod.Object.Line(v.Path[:n-2]...); ok && start > 0 && start < line {
			return finding.Lines(start, line)
		}
	}
	return finding.Line(line)
}

// psMissingLine is the line of the container's securityContext key, or of
// the container when it has none.
func psMissingLine(c *kube.Container) int {
	if line, ok := c.Line("securityContext"); ok {
		return line
	}
	line, _ := c.Line()
	return line
}

// psMissingRange is where a field absent from a container is shown: from
// the container's first line (its "- name:") to its securityContext key,
// where the field belongs, or the container's first line alone when it has
// no securityContext. The container is what lacks the field, and a review
// comment then shows both which container and where to add it.
func psMissingRange(c *kube.Container) finding.Range {
	start, _ := c.Line()
	return containerRange(start, psMissingLine(c))
}

// psLocation builds the stable logical place of a finding:
// Deployment/web/containers[app]/securityContext.privileged,
// Deployment/web/pod/hostNetwork, Deployment/web/pod/volumes[data].hostPath.
// List items are named by their name (or value) rather than their index.
func psLocation(pod *kube.Pod, c *kube.Container, path []string) string {
	obj := pod.Object
	id := obj.ID()
	switch {
	case c != nil && psHasPrefix(path, c.Path):
		return id + "/" + c.Ref() + psSuffix(obj, path, len(c.Path))
	case c != nil && psHasPrefix(path, pod.Path):
		return id + "/" + c.Ref() + "/pod" + psSuffix(obj, path, len(pod.Path))
	case psHasPrefix(path, pod.Path):
		return id + "/pod" + psSuffix(obj, path, len(pod.Path))
	case psHasPrefix(path, pod.MetaPath):
		return id + "/pod/metadata" + psSuffix(obj, path, len(pod.MetaPath))
	case c != nil:
		return id + "/" + c.Ref() + psSuffix(obj, path, 0)
	}
	return id + psSuffix(obj, path, 0)
}

// psSuffix formats path[from:] as "/a.b[name].c", naming list items.
func psSuffix(obj *kube.Object, path []string, from int) string {
	if from >= len(path) {
		return ""
	}
	var b strings.Builder
	b.WriteByte('/')
	for i := from; i < len(path); i++ {
		if _, err := strconv.Atoi(path[i]); err == nil && i > from {
			b.WriteString("[" + psItemName(obj.Get(path[:i+1]...), path[i]) + "]")
			continue
		}
		if i > from {
			b.WriteByte('.')
		}
		b.WriteString(path[i])
	}
	return b.String()
}

// psItemName names a list item: its name, its containerPort, its scalar
// value, or its index.
func psItemName(n *yaml.Node, index string) string {
	n = resolveNode(n)
	if n == nil {
		return index
	}
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	for _, key := range []string{"name", "containerPort", "mountPath"} {
		if v, _ := obScalar(psMapValue(n, key)); v != "" {
			return v
		}
	}
	return index
}

// psEvidence is the normalised judged thing: "privileged=true" for a set
// field, "sysctls[kernel.msgmax]" for a list item, "hostPath=/var/log" for a
// hostPath volume, the library's reason for an absent field.
func psEvidence(obj *kube.Object, path []string, missing bool, reason string) string {
	if missing || len(path) == 0 {
		return reason
	}
	key := path[len(path)-1]
	n := resolveNode(obj.Get(path...))
	if _, err := strconv.Atoi(key); err == nil && len(path) > 1 {
		return path[len(path)-2] + "[" + psItemName(n, key) + "]"
	}
	if n != nil && n.Kind == yaml.ScalarNode {
		return key + "=" + n.Value
	}
	if p, _ := obScalar(psMapValue(n, "path")); p != "" && key == "hostPath" {
		return key + "=" + p
	}
	return key
}

func psHasPrefix(path, prefix []string) bool {
	if len(path) < len(prefix) {
		return false
	}
	for i := range prefix {
		if path[i] != prefix[i] {
			return false
		}
	}
	return true
}

func psJoin(base []string, rel ...string) []string {
	out := make([]string, 0, len(base)+len(rel))
	return append(append(out, base...), rel...)
}

// psMapValue returns the value of key in mapping n (direct keys only).
func psMapValue(n *yaml.Node, key string) *yaml.Node {
	n = resolveNode(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var v *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v = n.Content[i+1]
		}
	}
	return v
}

// ---- fixes -----------------------------------------------------------

// emptyBlockKeyRE matches a key line whose value is empty, null or {}:
// "    securityContext:", "  - securityContext: {}  # comment".
var emptyBlockKeyRE = regexp.MustCompile(`^(\s*(?:-\s+)?)([A-Za-z]+):\s*(?:\{\s*\}|null|~)?\s*(?:#.*)?$`)

// psInsert returns edits that make the mapping at path (below obj) hold
// body (lines relative to the mapping's own indentation, e.g.
// "allowPrivilegeEscalation: false"), creating the missing mappings on the
// way ("securityContext:"). ok is false when no safe text edit exists
// (flow style, anchors, one-line items).
func psInsert(obj *kube.Object, lines []string, path []string, body []string) ([]finding.Edit, bool) {
	if lines == nil || len(path) == 0 {
		return nil, false
	}
	n := obj.Get(path...)
	if n == nil {
		// Create the missing key in its parent.
		parent := path[:len(path)-1]
		key := path[len(path)-1]
		nested := make([]string, 0, len(body)+1)
		nested = append(nested, key+":")
		for _, l := range body {
			nested = append(nested, "  "+l)
		}
		return psInsert(obj, lines, parent, nested)
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return nil, false
	}
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!null") || n.Kind == yaml.MappingNode && len(n.Content) == 0 {
		// "key:" / "key: {}" / "key: null": rewrite the key line.
		line, _ := obj.Line(path...)
		if line < 1 || line > len(lines) {
			return nil, false
		}
		m := emptyBlockKeyRE.FindStringSubmatch(lines[line-1])
		if m == nil || m[2] != path[len(path)-1] {
			return nil, false
		}
		indent := strings.Repeat(" ", len(m[1])+2)
		text := m[1] + m[2] + ":\n"
		for _, l := range body {
			text += indent + l + "\n"
		}
		return []finding.Edit{{StartLine: line, EndLine: line, NewText: text}}, true
	}
	if n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle != 0 {
		return nil, false
	}
	// Insert before the first key that starts its own line, at its column.
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Line < 1 || k.Line > len(lines) || k.Column < 1 {
			return nil, false
		}
		l := lines[k.Line-1]
		if len(l) < k.Column-1 || strings.TrimSpace(l[:k.Column-1]) != "" {
			continue // on a "- " line
		}
		indent := l[:k.Column-1]
		return []finding.Edit{{StartLine: k.Line, EndLine: k.Line - 1, NewText: indentLines(indent, body)}}, true
	}
	// Every key is on a "- " line: a one-key item. Insert after it when its
	// value ends on that line.
	k, v := n.Content[0], n.Content[1]
	if len(n.Content) != 2 || v.Line != k.Line || v.Kind != yaml.ScalarNode || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return nil, false
	}
	indent := strings.Repeat(" ", k.Column-1)
	return []finding.Edit{{StartLine: k.Line + 1, EndLine: k.Line, NewText: indentLines(indent, body)}}, true
}

func indentLines(indent string, body []string) string {
	var b strings.Builder
	for _, l := range body {
		b.WriteString(indent + l + "\n")
	}
	return b.String()
}

// psReplaceScalar returns an edit that rewrites the scalar at path to want
// when it sits alone on its key's line.
func psReplaceScalar(obj *kube.Object, lines []string, path []string, want string) ([]finding.Edit, bool) {
	line, exact := obj.Line(path...)
	if !exact || line < 1 || line > len(lines) {
		return nil, false
	}
	text, ok := setScalarLine(lines[line-1], path[len(path)-1], want)
	if !ok {
		return nil, false
	}
	return []finding.Edit{{StartLine: line, EndLine: line, NewText: text}}, true
}

// psSetContainerField fixes a container's securityContext field: replaces
// a wrong value at the container level ("Set field: want"), or inserts
// field: want under the container's securityContext, created when absent
// ("Add field: want"). A value inherited from the pod level is overridden
// at the container level.
func psSetContainerField(p *rule.Pass, c *kube.Container, field, want string) *finding.Fix {
	lines := fileLines(p)
	obj := c.Pod.Object
	fieldPath := psJoin(c.Path, "securityContext", field)
	verb := "Add"
	var edits []finding.Edit
	var ok bool
	if obj.Get(fieldPath...) != nil {
		verb = "Set"
		edits, ok = psReplaceScalar(obj, lines, fieldPath, want)
	} else {
		edits, ok = psInsert(obj, lines, psJoin(c.Path, "securityContext"), []string{field + ": " + want})
	}
	if !ok {
		return nil
	}
	return &finding.Fix{Description: verb + " " + field + ": " + want, Edits: edits}
}

// addsSysAdmin reports whether caps adds SYS_ADMIN (which forces
// privilege escalation on).
func addsSysAdmin(caps *corev1.Capabilities) bool {
	if caps == nil {
		return false
	}
	for _, c := range caps.Add {
		if knowledge.NormalizeCap(string(c)) == "SYS_ADMIN" {
			return true
		}
	}
	return false
}

// psHostPath is a hostPath volume of a pod and the containers mounting it.
type psHostPath struct {
	name     string
	hostPath string
	// path leads to the volume's hostPath.path (or hostPath) node.
	path []string
	// mounts lists the containers mounting the volume; writable those
	// that mount it without readOnly.
	mounts, writable []string
}

// psHostPaths lists the hostPath volumes of pod.
func psHostPaths(pod *kube.Pod) []psHostPath {
	var out []psHostPath
	for i, v := range pod.Spec.Volumes {
		if v.HostPath == nil {
			continue
		}
		h := psHostPath{name: v.Name, hostPath: v.HostPath.Path,
			path: psJoin(pod.Path, "volumes", strconv.Itoa(i), "hostPath", "path")}
		if pod.Object.Get(h.path...) == nil {
			h.path = h.path[:len(h.path)-1]
		}
		for _, c := range pod.Containers() {
			for _, m := range c.Spec.VolumeMounts {
				if m.Name != v.Name {
					continue
				}
				h.mounts = append(h.mounts, c.Ref())
				if !m.ReadOnly {
					h.writable = append(h.writable, c.Ref())
				}
				break
			}
		}
		out = append(out, h)
	}
	return out
}

// psMountedBy says which containers mount a volume, for messages.
func psMountedBy(h psHostPath) string {
	switch {
	case len(h.mounts) == 0:
		return "not mounted by any container yet"
	case len(h.writable) > 0:
		return "mounted writable by " + strings.Join(h.writable, ", ")
	}
	return "mounted read-only by " + strings.Join(h.mounts, ", ")
}

// psVolumeHostPath is a PersistentVolume of type hostPath: a folder of
// whichever node the claiming pod lands on, handed to any pod that claims
// the volume. The Pod Security Standards judge pods only, so such a volume
// is the usual way around their hostPath ban.
type psVolumeHostPath struct {
	obj      *kube.Object
	hostPath string
	// path leads to spec.hostPath.path (or spec.hostPath when it has no path).
	path []string
}

// psPersistentVolumeHostPaths lists the hostPath PersistentVolumes of the
// pass's file.
func psPersistentVolumeHostPaths(p *rule.Pass) []psVolumeHostPath {
	if p == nil || p.Kube == nil {
		return nil
	}
	var out []psVolumeHostPath
	for _, o := range p.Kube.Objects {
		if o.Kind != "PersistentVolume" || o.Group() != "" {
			continue
		}
		hp := resolveNode(o.Get("spec", "hostPath"))
		if hp == nil || hp.Kind != yaml.MappingNode {
			continue
		}
		v := psVolumeHostPath{obj: o, path: []string{"spec", "hostPath"}}
		if n := resolveNode(psMapValue(hp, "path")); n != nil && n.Kind == yaml.ScalarNode {
			v.hostPath = n.Value
			v.path = append(v.path, "path")
		}
		out = append(out, v)
	}
	return out
}

// report reports the volume for the pass's rule: what the node folder is
// and what claiming it gives, then harm.
func (v psVolumeHostPath) report(p *rule.Pass, harm string) {
	line, _ := v.obj.Line(v.path...)
	folder := "a folder"
	if v.hostPath != "" {
		folder = v.hostPath
	}
	p.Reportf(finding.Line(line), v.obj.ID()+"/spec.hostPath", "hostPath="+v.hostPath,
		"%s is a hostPath volume of the node's %s: any pod that claims it mounts the node's files, and the Pod Security Standards, which only look at pods, do not stop it; %s",
		v.obj.ID(), folder, harm)
}
