package kube

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// PSSViolation is one place where a pod breaks a Pod Security Standards
// check. The verdict, Reason and Detail are the pod-security-admission
// library's; the position is ours: the library judges the whole pod, and
// EvaluatePSS asks it again about each container and each pod-level field
// on its own to find which ones it objects to.
type PSSViolation struct {
	// CheckID is the library's check ID ("runAsNonRoot", "hostPorts").
	CheckID string
	// Level is the level of the check (baseline or restricted).
	Level api.Level
	// Reason and Detail are the library's ForbiddenReason and
	// ForbiddenDetail for this container or field.
	Reason, Detail string
	// Container is the offending container, nil for a pod-level violation.
	Container *Container
	// Path leads from the object's root to the offending field, or, when a
	// required field is absent, to the container (its capabilities block
	// when that exists but drops nothing) or to the pod spec.
	Path []string
	// Missing is true when the violation is a required field that is
	// absent (runAsNonRoot, allowPrivilegeEscalation, seccompProfile,
	// capabilities.drop).
	Missing bool
}

// pssChecks holds the library's default checks, ordered as the library
// reports them: baseline checks by ID, then restricted checks by ID.
var pssChecks struct {
	once   sync.Once
	checks []policy.Check
	latest api.Version
}

func loadChecks() {
	pssChecks.once.Do(func() {
		checks := policy.DefaultChecks()
		sort.SliceStable(checks, func(i, j int) bool {
			if checks[i].Level != checks[j].Level {
				return checks[i].Level == api.LevelBaseline
			}
			return checks[i].ID < checks[j].ID
		})
		for _, c := range checks {
			if v := c.Versions[len(c.Versions)-1].MinimumVersion; pssChecks.latest.Older(v) {
				pssChecks.latest = v
			}
		}
		pssChecks.checks = checks
	})
}

// LatestVersion returns the newest policy version the library knows
// ("v1.37"): what EvaluatePSS evaluates for "" and "latest".
func LatestVersion() string {
	loadChecks()
	return pssChecks.latest.String()
}

// PSSCheckIDs returns the IDs of the library's default checks.
func PSSCheckIDs() []string {
	loadChecks()
	ids := make([]string, len(pssChecks.checks))
	for i, c := range pssChecks.checks {
		ids[i] = string(c.ID)
	}
	return ids
}

// ParsePSSVersion reads a policy version: "" or "latest" for the newest,
// otherwise "v1.N".
func ParsePSSVersion(version string) (api.Version, error) {
	if version == "" || version == "latest" {
		return api.LatestVersion(), nil
	}
	v, err := api.ParseVersion(version)
	if err != nil {
		return v, fmt.Errorf("pod security standards version %q: %w", version, err)
	}
	return v, nil
}

// checkFor returns the version of check c in force at v, or nil when the
// check does not exist yet at v.
func checkFor(c policy.Check, v api.Version) *policy.VersionedCheck {
	if v.Latest() {
		return &c.Versions[len(c.Versions)-1]
	}
	var found *policy.VersionedCheck
	for i := range c.Versions {
		if !v.Older(c.Versions[i].MinimumVersion) {
			found = &c.Versions[i]
		}
	}
	return found
}

// activeCheck is a check in force for one level and version.
type activeCheck struct {
	id    string
	level api.Level
	fn    policy.CheckPodFn
}

// activeChecks returns the checks the library runs for level at v: the
// level's own checks and, for restricted, the baseline checks that no
// restricted check overrides.
func activeChecks(level api.Level, v api.Version) []activeCheck {
	loadChecks()
	if level == api.LevelPrivileged {
		return nil
	}
	if !v.Latest() && pssChecks.latest.Older(v) {
		v = pssChecks.latest
	}
	overridden := map[policy.CheckID]bool{}
	if level == api.LevelRestricted {
		for _, c := range pssChecks.checks {
			if vc := checkFor(c, v); c.Level == api.LevelRestricted && vc != nil {
				for _, id := range vc.OverrideCheckIDs {
					overridden[id] = true
				}
			}
		}
	}
	var out []activeCheck
	for _, c := range pssChecks.checks {
		if level == api.LevelBaseline && c.Level != api.LevelBaseline || overridden[c.ID] {
			continue
		}
		if vc := checkFor(c, v); vc != nil {
			out = append(out, activeCheck{id: string(c.ID), level: c.Level, fn: vc.CheckPod})
		}
	}
	return out
}

// EvaluatePSS evaluates the pod against the Pod Security Standards level
// ("baseline", "restricted"; "privileged" allows everything) at version
// ("" or "latest" for LatestVersion, otherwise "v1.N"), and returns one
// violation per check and offending container or pod-level field, ordered
// by check (baseline first, as the library orders them), then pod-level
// fields, then containers. The result is cached; do not modify it.
func (p *Pod) EvaluatePSS(level api.Level, version string) ([]PSSViolation, error) {
	if !level.Valid() {
		return nil, fmt.Errorf("pod security standards level %q: must be privileged, baseline or restricted", level)
	}
	v, err := ParsePSSVersion(version)
	if err != nil {
		return nil, err
	}
	key := string(level) + "/" + v.String()
	p.pssMu.Lock()
	defer p.pssMu.Unlock()
	if got, ok := p.pssCache[key]; ok {
		return got, nil
	}
	out := p.evaluatePSS(activeChecks(level, v))
	if p.pssCache == nil {
		p.pssCache = map[string][]PSSViolation{}
	}
	p.pssCache[key] = out
	return out, nil
}

func (p *Pod) evaluatePSS(checks []activeCheck) []PSSViolation {
	var (
		out     []PSSViolation
		meta    = &p.Meta
		spec    = p.Spec
		podOnly *corev1.PodSpec
	)
	for _, c := range checks {
		full := c.fn(meta, spec)
		if full.Allowed {
			continue
		}
		if podOnly == nil {
			podOnly = withContainer(spec, "", corev1.Container{})
		}
		n := len(out)
		podRes := c.fn(meta, podOnly)
		if !podRes.Allowed {
			out = append(out, p.podViolations(c, podRes)...)
		}
		for _, ct := range p.Containers() {
			r := c.fn(meta, withContainer(spec, ct.Group, *ct.Spec))
			if r.Allowed || !podRes.Allowed && r.ForbiddenReason == podRes.ForbiddenReason && r.ForbiddenDetail == podRes.ForbiddenDetail {
				continue // allowed, or forbidden for the pod-level reason only
			}
			out = append(out, p.containerViolation(c, ct, r))
		}
		if len(out) == n { // the check judges the pod as a whole
			out = append(out, violation(c, full, nil, p.Path, false))
		}
	}
	return out
}

// violation builds a PSSViolation from a check result.
func violation(c activeCheck, r policy.CheckResult, ct *Container, path []string, missing bool) PSSViolation {
	reason := r.ForbiddenReason
	if reason == "" {
		reason = policy.UnknownForbiddenReason
	}
	return PSSViolation{CheckID: c.id, Level: c.level, Reason: reason, Detail: r.ForbiddenDetail, Container: ct, Path: path, Missing: missing}
}

// withContainer returns a copy of spec that holds only container c in
// group (no containers at all when group is "").
func withContainer(spec *corev1.PodSpec, group string, c corev1.Container) *corev1.PodSpec {
	s := *spec
	s.InitContainers, s.Containers, s.EphemeralContainers = nil, nil, nil
	switch group {
	case GroupInit:
		s.InitContainers = []corev1.Container{c}
	case GroupApp:
		s.Containers = []corev1.Container{c}
	case GroupEphemeral:
		s.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon(c)}}
	}
	return &s
}

// podUnit is one pod-level field (or list item, or annotation) on its own.
type podUnit struct {
	meta *metav1.ObjectMeta
	spec *corev1.PodSpec
	path []string
}

// podViolations splits a pod-level failure of check c into the fields that
// fail it on their own.
func (p *Pod) podViolations(c activeCheck, podRes policy.CheckResult) []PSSViolation {
	empty := &metav1.ObjectMeta{}
	base := &corev1.PodSpec{OS: p.Spec.OS, HostUsers: p.Spec.HostUsers}
	if r := c.fn(empty, base); !r.Allowed { // the check wants something at pod level
		return []PSSViolation{violation(c, r, nil, joinPath(p.Path), true)}
	}
	var out []PSSViolation
	for _, u := range p.podUnits(base) {
		if r := c.fn(u.meta, u.spec); !r.Allowed {
			out = append(out, violation(c, r, nil, u.path, false))
		}
	}
	if len(out) == 0 {
		out = append(out, violation(c, podRes, nil, joinPath(p.Path), false))
	}
	return out
}

// podUnits lists every set pod-level field, volume, sysctl and template
// annotation as a pod spec (or metadata) holding only it.
func (p *Pod) podUnits(base *corev1.PodSpec) []podUnit {
	empty := &metav1.ObjectMeta{}
	var units []podUnit
	sv := reflect.ValueOf(p.Spec).Elem()
	for _, f := range jsonFields(sv.Type()) {
		fv := sv.Field(f.index)
		if fv.IsZero() {
			continue
		}
		switch f.name {
		case "containers", "initContainers", "ephemeralContainers", "os", "hostUsers":
			continue
		case "volumes":
			for j, vol := range p.Spec.Volumes {
				s := *base
				s.Volumes = []corev1.Volume{vol}
				units = append(units, podUnit{empty, &s, p.volumePath(j)})
			}
		case "securityContext":
			units = append(units, p.securityContextUnits(base)...)
		default:
			s := *base
			reflect.ValueOf(&s).Elem().Field(f.index).Set(fv)
			units = append(units, podUnit{empty, &s, p.join([]string{f.name})})
		}
	}
	keys := make([]string, 0, len(p.Meta.Annotations))
	for k := range p.Meta.Annotations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		m := &metav1.ObjectMeta{Annotations: map[string]string{k: p.Meta.Annotations[k]}}
		units = append(units, podUnit{m, base, joinPath(p.MetaPath, "annotations", k)})
	}
	return units
}

// securityContextUnits lists the set fields of the pod's security context
// (each sysctl on its own).
func (p *Pod) securityContextUnits(base *corev1.PodSpec) []podUnit {
	empty := &metav1.ObjectMeta{}
	psc := p.Spec.SecurityContext
	scv := reflect.ValueOf(psc).Elem()
	var units []podUnit
	for _, f := range jsonFields(scv.Type()) {
		fv := scv.Field(f.index)
		if fv.IsZero() {
			continue
		}
		if f.name == "sysctls" {
			for k, sc := range psc.Sysctls {
				s := *base
				s.SecurityContext = &corev1.PodSecurityContext{Sysctls: []corev1.Sysctl{sc}}
				units = append(units, podUnit{empty, &s, p.join([]string{"securityContext", "sysctls", strconv.Itoa(k)})})
			}
			continue
		}
		one := &corev1.PodSecurityContext{}
		reflect.ValueOf(one).Elem().Field(f.index).Set(fv)
		s := *base
		s.SecurityContext = one
		path := p.join([]string{"securityContext", f.name})
		switch f.name {
		case FieldSeccompProfile, FieldAppArmorProfile:
			path = p.deeper(path, "type")
		case FieldWindowsOptions:
			path = p.deeper(path, "hostProcess")
		}
		units = append(units, podUnit{empty, &s, path})
	}
	return units
}

// deeper appends sub to path when that node exists.
func (p *Pod) deeper(path []string, sub string) []string {
	longer := append(path[:len(path):len(path)], sub)
	if p.Object.Get(longer...) != nil {
		return longer
	}
	return path
}

// volumePath returns the path of volume j's source (volumes,j,hostPath), or
// of the volume when its source key cannot be told.
func (p *Pod) volumePath(j int) []string {
	path := p.join([]string{"volumes", strconv.Itoa(j)})
	n := resolve(p.Object.Get(path...))
	if n == nil || n.Kind != yaml.MappingNode {
		return path
	}
	for _, e := range mergedEntries(n) {
		if k := keyText(e.k); k != "name" {
			return append(path, k)
		}
	}
	return path
}

// jsonField is a struct field and its JSON name.
type jsonField struct {
	index int
	name  string
}

var jsonFieldCache sync.Map // reflect.Type → []jsonField

// jsonFields lists the JSON-named fields of struct type t.
func jsonFields(t reflect.Type) []jsonField {
	if v, ok := jsonFieldCache.Load(t); ok {
		return v.([]jsonField)
	}
	var out []jsonField
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, jsonField{i, name})
		}
	}
	jsonFieldCache.Store(t, out)
	return out
}

// containerViolation places a container's failure of check c on the field
// the check judges.
func (p *Pod) containerViolation(c activeCheck, ct *Container, r policy.CheckResult) PSSViolation {
	sc := ct.Spec.SecurityContext
	if sc == nil {
		sc = &corev1.SecurityContext{}
	}
	field := func(names ...string) []string {
		return joinPath(ct.Path, append([]string{"securityContext"}, names...)...)
	}
	at := func(path []string) PSSViolation { return violation(c, r, ct, path, false) }
	missing := func() PSSViolation { return violation(c, r, ct, joinPath(ct.Path), true) }
	switch c.id {
	case "allowPrivilegeEscalation":
		if sc.AllowPrivilegeEscalation != nil {
			return at(field(FieldAllowPrivilegeEscalation))
		}
		return missing()
	case "privileged":
		return at(field(FieldPrivileged))
	case "procMount", "procMount_restricted":
		return at(field(FieldProcMount))
	case "runAsUser":
		return at(field(FieldRunAsUser))
	case "runAsNonRoot":
		if sc.RunAsNonRoot != nil {
			return at(field(FieldRunAsNonRoot))
		}
		return missing()
	case "seLinuxOptions":
		return at(field(FieldSELinuxOptions))
	case "appArmorProfile":
		return at(field(FieldAppArmorProfile, "type"))
	case "seccompProfile_baseline":
		if sc.SeccompProfile != nil {
			return at(field(FieldSeccompProfile, "type"))
		}
		return at(joinPath(p.MetaPath, "annotations", "container.seccomp.security.alpha.kubernetes.io/"+ct.Name))
	case "seccompProfile_restricted":
		if sc.SeccompProfile != nil {
			return at(field(FieldSeccompProfile, "type"))
		}
		return missing()
	case "windowsHostProcess":
		return at(field(FieldWindowsOptions, "hostProcess"))
	case "capabilities_baseline", "capabilities_restricted":
		if sc.Capabilities == nil {
			return missing()
		}
		for j, capability := range sc.Capabilities.Add {
			one := *ct.Spec
			s := *sc
			s.Capabilities = &corev1.Capabilities{Add: []corev1.Capability{capability}, Drop: []corev1.Capability{"ALL"}}
			one.SecurityContext = &s
			if !c.fn(&p.Meta, withContainer(p.Spec, ct.Group, one)).Allowed {
				return at(field(FieldCapabilities, "add", strconv.Itoa(j)))
			}
		}
		if sc.Capabilities.Drop != nil {
			return at(field(FieldCapabilities, "drop"))
		}
		return violation(c, r, ct, field(FieldCapabilities), true)
	case "hostPorts":
		for k, port := range ct.Spec.Ports {
			if port.HostPort != 0 {
				return at(joinPath(ct.Path, "ports", strconv.Itoa(k), "hostPort"))
			}
		}
	case "hostProbesAndHostLifecycle":
		if path := hostHandlerPath(ct.Spec); path != nil {
			return at(joinPath(ct.Path, path...))
		}
	}
	return at(joinPath(ct.Path))
}

// hostHandlerPath finds the first probe or lifecycle handler of c that
// sets a host.
func hostHandlerPath(c *corev1.Container) []string {
	probes := []struct {
		name  string
		probe *corev1.Probe
	}{{"livenessProbe", c.LivenessProbe}, {"readinessProbe", c.ReadinessProbe}, {"startupProbe", c.StartupProbe}}
	for _, pr := range probes {
		if pr.probe == nil {
			continue
		}
		if pr.probe.HTTPGet != nil && pr.probe.HTTPGet.Host != "" {
			return []string{pr.name, "httpGet", "host"}
		}
		if pr.probe.TCPSocket != nil && pr.probe.TCPSocket.Host != "" {
			return []string{pr.name, "tcpSocket", "host"}
		}
	}
	if c.Lifecycle == nil {
		return nil
	}
	handlers := []struct {
		name string
		h    *corev1.LifecycleHandler
	}{{"postStart", c.Lifecycle.PostStart}, {"preStop", c.Lifecycle.PreStop}}
	for _, h := range handlers {
		if h.h == nil {
			continue
		}
		if h.h.HTTPGet != nil && h.h.HTTPGet.Host != "" {
			return []string{"lifecycle", h.name, "httpGet", "host"}
		}
		if h.h.TCPSocket != nil && h.h.TCPSocket.Host != "" {
			return []string{"lifecycle", h.name, "tcpSocket", "host"}
		}
	}
	return nil
}
