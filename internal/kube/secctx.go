package kube

import (
	corev1 "k8s.io/api/core/v1"
)

// Origin says where an effective security-context value was set.
type Origin string

// The origins of an effective value.
const (
	FromUnset     Origin = ""
	FromContainer Origin = "container"
	FromPod       Origin = "pod"
)

// Field names of SecurityContext, as the API spells them; they are the
// keys of SecurityContext.From.
const (
	FieldRunAsUser                = "runAsUser"
	FieldRunAsGroup               = "runAsGroup"
	FieldRunAsNonRoot             = "runAsNonRoot"
	FieldSELinuxOptions           = "seLinuxOptions"
	FieldSeccompProfile           = "seccompProfile"
	FieldAppArmorProfile          = "appArmorProfile"
	FieldWindowsOptions           = "windowsOptions"
	FieldPrivileged               = "privileged"
	FieldAllowPrivilegeEscalation = "allowPrivilegeEscalation"
	FieldReadOnlyRootFilesystem   = "readOnlyRootFilesystem"
	FieldCapabilities             = "capabilities"
	FieldProcMount                = "procMount"
)

// SecurityContext is the security context a container runs with, merged
// as the kubelet merges them: a field the container sets wins, otherwise
// the pod's value applies (for the fields the pod level has). WindowsOptions
// is merged field by field. Nil means unset at both levels.
type SecurityContext struct {
	RunAsUser       *int64
	RunAsGroup      *int64
	RunAsNonRoot    *bool
	SELinuxOptions  *corev1.SELinuxOptions
	SeccompProfile  *corev1.SeccompProfile
	AppArmorProfile *corev1.AppArmorProfile
	WindowsOptions  *corev1.WindowsSecurityContextOptions

	// Container-only fields.
	Privileged               *bool
	AllowPrivilegeEscalation *bool
	ReadOnlyRootFilesystem   *bool
	Capabilities             *corev1.Capabilities
	ProcMount                *corev1.ProcMountType

	// From says, for each Field* name, where the value came from; a field
	// that is unset has no entry (reads as FromUnset). For windowsOptions it
	// is the container when the container sets any of its fields.
	From map[string]Origin
}

// effective merges pod-level sc into container-level c.
func effective(pod *corev1.PodSecurityContext, c *corev1.SecurityContext) SecurityContext {
	var e SecurityContext
	e.From = make(map[string]Origin, 8)
	if c == nil {
		c = &corev1.SecurityContext{}
	}
	if pod == nil {
		pod = &corev1.PodSecurityContext{}
	}
	pick(&e.RunAsUser, c.RunAsUser, pod.RunAsUser, FieldRunAsUser, e.From)
	pick(&e.RunAsGroup, c.RunAsGroup, pod.RunAsGroup, FieldRunAsGroup, e.From)
	pick(&e.RunAsNonRoot, c.RunAsNonRoot, pod.RunAsNonRoot, FieldRunAsNonRoot, e.From)
	pick(&e.SELinuxOptions, c.SELinuxOptions, pod.SELinuxOptions, FieldSELinuxOptions, e.From)
	pick(&e.SeccompProfile, c.SeccompProfile, pod.SeccompProfile, FieldSeccompProfile, e.From)
	pick(&e.AppArmorProfile, c.AppArmorProfile, pod.AppArmorProfile, FieldAppArmorProfile, e.From)
	e.WindowsOptions = mergeWindows(c.WindowsOptions, pod.WindowsOptions)
	switch {
	case c.WindowsOptions != nil:
		e.From[FieldWindowsOptions] = FromContainer
	case pod.WindowsOptions != nil:
		e.From[FieldWindowsOptions] = FromPod
	}
	pick(&e.Privileged, c.Privileged, nil, FieldPrivileged, e.From)
	pick(&e.AllowPrivilegeEscalation, c.AllowPrivilegeEscalation, nil, FieldAllowPrivilegeEscalation, e.From)
	pick(&e.ReadOnlyRootFilesystem, c.ReadOnlyRootFilesystem, nil, FieldReadOnlyRootFilesystem, e.From)
	pick(&e.Capabilities, c.Capabilities, nil, FieldCapabilities, e.From)
	pick(&e.ProcMount, c.ProcMount, nil, FieldProcMount, e.From)
	return e
}

// pick sets *dst to the container's value, else the pod's, and records
// where it came from.
func pick[T any](dst **T, container, pod *T, field string, from map[string]Origin) {
	switch {
	case container != nil:
		*dst = container
		from[field] = FromContainer
	case pod != nil:
		*dst = pod
		from[field] = FromPod
	}
}

// mergeWindows merges Windows options field by field, container first.
func mergeWindows(c, pod *corev1.WindowsSecurityContextOptions) *corev1.WindowsSecurityContextOptions {
	if c == nil {
		return pod
	}
	if pod == nil {
		return c
	}
	m := *c
	if m.GMSACredentialSpecName == nil {
		m.GMSACredentialSpecName = pod.GMSACredentialSpecName
	}
	if m.GMSACredentialSpec == nil {
		m.GMSACredentialSpec = pod.GMSACredentialSpec
	}
	if m.RunAsUserName == nil {
		m.RunAsUserName = pod.RunAsUserName
	}
	if m.HostProcess == nil {
		m.HostProcess = pod.HostProcess
	}
	return &m
}

// RunsAsRoot reports whether the container runs (or may run) as root, and
// why: runAsUser is 0, or runAsNonRoot is not true and no non-zero
// runAsUser is set, so the image's USER decides. The image is not looked
// at; with runAsNonRoot true the kubelet refuses to start a root image.
func (s *SecurityContext) RunsAsRoot() (bool, string) {
	if s.RunAsUser != nil && *s.RunAsUser == 0 {
		return true, "runAsUser is 0"
	}
	if s.RunAsUser != nil {
		return false, ""
	}
	if s.RunAsNonRoot != nil && *s.RunAsNonRoot {
		return false, ""
	}
	if s.RunAsNonRoot != nil {
		return true, "may run as root: runAsNonRoot is false and no non-zero runAsUser is set"
	}
	return true, "may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set"
}

// EscalationAllowed reports whether a process of the container can gain
// more privileges than its parent (no_new_privs unset), and why: the
// container is privileged or adds CAP_SYS_ADMIN (both force it), or
// allowPrivilegeEscalation is true or unset (it defaults to true).
func (s *SecurityContext) EscalationAllowed() (bool, string) {
	if s.Privileged != nil && *s.Privileged {
		return true, "the container is privileged"
	}
	if s.Capabilities != nil {
		for _, c := range s.Capabilities.Add {
			if c == "SYS_ADMIN" || c == "CAP_SYS_ADMIN" {
				return true, "the container adds CAP_SYS_ADMIN"
			}
		}
	}
	if s.AllowPrivilegeEscalation == nil {
		return true, "allowPrivilegeEscalation is not set (it defaults to true)"
	}
	if *s.AllowPrivilegeEscalation {
		return true, "allowPrivilegeEscalation is true"
	}
	return false, ""
}

// FieldPath returns the path of the node that set field (a Field* name) for
// the container: its own securityContext, the pod's, or the container
// itself when the field is unset.
func (c *Container) FieldPath(field string) []string {
	switch c.Effective.From[field] {
	case FromContainer:
		return joinPath(c.Path, "securityContext", field)
	case FromPod:
		return joinPath(c.Pod.Path, "securityContext", field)
	}
	return joinPath(c.Path)
}

// FieldLine returns the line of FieldPath(field): where the effective
// value was set, or the container's first line when it is unset.
func (c *Container) FieldLine(field string) int {
	line, _ := c.Pod.Object.Line(c.FieldPath(field)...)
	return line
}
