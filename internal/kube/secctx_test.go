package kube

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestEffectiveSecurityContext(t *testing.T) {
	p := mustPod(t, "deployment.yaml", 0)
	byName := map[string]*Container{}
	for _, c := range p.Containers() {
		byName[c.Name] = c
	}
	tests := []struct {
		container, field string
		value            string
		from             Origin
		line             int
	}{
		// Pod-level runAsNonRoot and runAsUser are inherited...
		{"app", FieldRunAsNonRoot, "true", FromPod, 20},
		{"app", FieldRunAsUser, "1000", FromPod, 21},
		{"app", FieldSeccompProfile, "RuntimeDefault", FromPod, 22},
		{"app", FieldAllowPrivilegeEscalation, "false", FromContainer, 36},
		{"app", FieldPrivileged, "<nil>", FromUnset, 33},
		// ...unless the container overrides them.
		{"debug", FieldRunAsNonRoot, "false", FromContainer, 43},
		{"debug", FieldRunAsUser, "1000", FromPod, 21},
		{"debug", FieldPrivileged, "true", FromContainer, 44},
		// Init containers get the same merge.
		{"migrate", FieldRunAsUser, "0", FromContainer, 28},
		{"migrate", FieldRunAsNonRoot, "true", FromPod, 20},
		{"proxy", FieldRunAsUser, "1000", FromPod, 21},
		{"proxy", FieldCapabilities, "<nil>", FromUnset, 29},
	}
	for _, tt := range tests {
		c := byName[tt.container]
		e := c.Effective
		var value string
		switch tt.field {
		case FieldRunAsNonRoot:
			value = fmtPtr(e.RunAsNonRoot)
		case FieldRunAsUser:
			value = fmtPtr(e.RunAsUser)
		case FieldSeccompProfile:
			value = string(e.SeccompProfile.Type)
		case FieldAllowPrivilegeEscalation:
			value = fmtPtr(e.AllowPrivilegeEscalation)
		case FieldPrivileged:
			value = fmtPtr(e.Privileged)
		case FieldCapabilities:
			value = fmtPtr(e.Capabilities)
		}
		if value != tt.value || e.From[tt.field] != tt.from || c.FieldLine(tt.field) != tt.line {
			t.Errorf("%s.%s = %s from %q at line %d; want %s from %q at line %d",
				tt.container, tt.field, value, e.From[tt.field], c.FieldLine(tt.field), tt.value, tt.from, tt.line)
		}
	}
}

// fmtPtr prints *p, or <nil>.
func fmtPtr[T any](p *T) string {
	if p == nil {
		return "<nil>"
	}
	return fmt.Sprint(*p)
}

func TestRunsAsRoot(t *testing.T) {
	i64 := func(v int64) *int64 { return &v }
	b := func(v bool) *bool { return &v }
	tests := []struct {
		name string
		sc   SecurityContext
		want bool
		why  string
	}{
		{"unset", SecurityContext{}, true, "may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set"},
		{"uid 0", SecurityContext{RunAsUser: i64(0), RunAsNonRoot: b(true)}, true, "runAsUser is 0"},
		{"uid 1000", SecurityContext{RunAsUser: i64(1000)}, false, ""},
		{"non-root", SecurityContext{RunAsNonRoot: b(true)}, false, ""},
		{"non-root false", SecurityContext{RunAsNonRoot: b(false)}, true, "may run as root: runAsNonRoot is false and no non-zero runAsUser is set"},
	}
	for _, tt := range tests {
		got, why := tt.sc.RunsAsRoot()
		if got != tt.want || why != tt.why {
			t.Errorf("%s: RunsAsRoot = %v, %q; want %v, %q", tt.name, got, why, tt.want, tt.why)
		}
	}
}

func TestEscalationAllowed(t *testing.T) {
	b := func(v bool) *bool { return &v }
	tests := []struct {
		name string
		sc   SecurityContext
		want bool
	}{
		{"unset defaults to true", SecurityContext{}, true},
		{"false", SecurityContext{AllowPrivilegeEscalation: b(false)}, false},
		{"true", SecurityContext{AllowPrivilegeEscalation: b(true)}, true},
		{"privileged forces it", SecurityContext{AllowPrivilegeEscalation: b(false), Privileged: b(true)}, true},
		{"SYS_ADMIN forces it", SecurityContext{AllowPrivilegeEscalation: b(false), Capabilities: &corev1.Capabilities{Add: []corev1.Capability{"SYS_ADMIN"}}}, true},
	}
	for _, tt := range tests {
		if got, why := tt.sc.EscalationAllowed(); got != tt.want || got != (why != "") {
			t.Errorf("%s: EscalationAllowed = %v, %q; want %v", tt.name, got, why, tt.want)
		}
	}
}

func TestEffectiveRunsAsRootFromPodLevel(t *testing.T) {
	p := mustPod(t, "deployment.yaml", 0)
	want := map[string]bool{"migrate": true, "proxy": false, "app": false, "debug": false}
	for _, c := range p.Containers() {
		if got, why := c.Effective.RunsAsRoot(); got != want[c.Name] {
			t.Errorf("%s: RunsAsRoot = %v (%s), want %v", c.Name, got, why, want[c.Name])
		}
	}
}

func TestWindowsOptionsMergePerField(t *testing.T) {
	name := "svc"
	hp := true
	e := effective(
		&corev1.PodSecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: &hp}},
		&corev1.SecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{RunAsUserName: &name}},
	)
	if e.WindowsOptions.HostProcess == nil || !*e.WindowsOptions.HostProcess || *e.WindowsOptions.RunAsUserName != "svc" {
		t.Errorf("windowsOptions = %+v", e.WindowsOptions)
	}
	if e.From[FieldWindowsOptions] != FromContainer {
		t.Errorf("from = %q", e.From[FieldWindowsOptions])
	}
}
