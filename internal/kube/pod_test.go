package kube

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// mustPod parses testdata/name and returns the pod of its object i.
func mustPod(t *testing.T, name string, i int) *Pod {
	t.Helper()
	f, err := parseTestdata(t, name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.Objects[i].PodSpec()
	if err != nil || p == nil {
		t.Fatalf("PodSpec: %v, %v", p, err)
	}
	return p
}

// describe prints a container as "group/index/name path".
func describe(c *Container) string {
	return fmt.Sprintf("%s/%d/%s %s", c.Group, c.Index, c.Name, FormatPath(c.Path))
}

func TestContainers(t *testing.T) {
	tests := []struct {
		file string
		obj  int
		want []string
	}{
		{"deployment.yaml", 0, []string{
			"initContainers/0/migrate spec.template.spec.initContainers[0]",
			"initContainers/1/proxy spec.template.spec.initContainers[1]",
			"containers/0/app spec.template.spec.containers[0]",
			"containers/1/debug spec.template.spec.containers[1]",
		}},
		{"cronjob.yaml", 0, []string{"containers/0/report spec.jobTemplate.spec.template.spec.containers[0]"}},
		{"list.yaml", 1, []string{"containers/0/agent spec.template.spec.containers[0]"}},
		{"anchors.yaml", 0, []string{"containers/0/one spec.containers[0]", "containers/1/two spec.containers[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := mustPod(t, tt.file, tt.obj)
			var got []string
			for _, c := range p.Containers() {
				got = append(got, describe(c))
				if line, exact := c.Line(); !exact || line == 0 {
					t.Errorf("%s: Line() = %d, %v", c.Name, line, exact)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("containers:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestPodMeta(t *testing.T) {
	p := mustPod(t, "cronjob.yaml", 0)
	if p.Meta.Annotations["owner"] != "data" || FormatPath(p.MetaPath) != "spec.jobTemplate.spec.template.metadata" {
		t.Errorf("meta = %+v at %v", p.Meta, p.MetaPath)
	}
	if line, _ := p.Line("restartPolicy"); line != 14 {
		t.Errorf("Line(restartPolicy) = %d, want 14", line)
	}
	p = mustPod(t, "deployment.yaml", 0)
	if p.Meta.Annotations["team"] != "payments" || p.Meta.Labels["app"] != "web" {
		t.Errorf("template meta = %+v", p.Meta)
	}
}

func TestSidecarAndLongRunning(t *testing.T) {
	p := mustPod(t, "deployment.yaml", 0)
	var got []string
	for _, c := range p.Containers() {
		got = append(got, fmt.Sprintf("%s:%v/%v", c.Name, c.Sidecar(), c.LongRunning()))
	}
	if want := "migrate:false/false proxy:true/true app:false/true debug:false/true"; strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
}

func TestNotWorkloads(t *testing.T) {
	tests := []struct{ name, content string }{
		{"service", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"},
		{"config map", "apiVersion: v1\nkind: ConfigMap\ndata:\n  spec: x\n"},
		{"custom Deployment kind", "apiVersion: example.com/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [{name: a}]\n"},
		{"kustomize patch without template", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n"},
		{"null template spec", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("x.yaml", []byte(tt.content))
			if err != nil {
				t.Fatal(err)
			}
			p, err := f.Objects[0].PodSpec()
			if p != nil || err != nil {
				t.Errorf("PodSpec = %v, %v; want nil, nil", p, err)
			}
		})
	}
}

func TestWorkloadKinds(t *testing.T) {
	kinds := map[string]string{
		"Pod": "v1", "PodTemplate": "v1", "ReplicationController": "v1", "Deployment": "apps/v1",
		"StatefulSet": "apps/v1", "DaemonSet": "apps/v1", "ReplicaSet": "apps/v1", "Job": "batch/v1",
		"CronJob": "batch/v1", "DeploymentConfig": "apps.openshift.io/v1", "Rollout": "argoproj.io/v1alpha1",
	}
	for kind, apiVersion := range kinds {
		k := workloadKinds[kind]
		content := fmt.Sprintf("apiVersion: %s\nkind: %s\nmetadata:\n  name: w\n", apiVersion, kind)
		indent := ""
		for _, p := range k.specPath {
			content += indent + p + ":\n"
			indent += "  "
		}
		content += indent + "containers:\n" + indent + "- name: c\n" + indent + "  image: x\n"
		f, err := Parse("w.yaml", []byte(content))
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.Objects[0].PodSpec()
		if err != nil || p == nil || len(p.Containers()) != 1 || p.Containers()[0].Spec.Image != "x" {
			t.Errorf("%s: PodSpec = %v, %v", kind, p, err)
		}
	}
}

func TestBadTypeKeepsTheRest(t *testing.T) {
	f, err := parseTestdata(t, "badtype.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := f.Objects[0]
	p, err := o.PodSpec()
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a *DecodeError", err)
	}
	if p == nil {
		t.Fatal("pod lost")
	}
	var got []string
	for _, e := range p.DecodeErrors {
		got = append(got, fmt.Sprintf("%d %s: %s", e.Line, FormatPath(e.Path), e.Msg))
	}
	want := []string{
		"8 spec.template.spec.hostNetwork: want boolean, got string",
		"14 spec.template.spec.containers[0].env[0].value: want string, got number",
		"18 spec.template.spec.containers[1].securityContext.runAsUser: want integer, got string",
		"22 spec.template.spec.containers[1].resources.limits.cpu: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("decode errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Everything else survived, at the right indices.
	cs := p.Containers()
	if len(cs) != 2 || cs[1].Name != "second" || cs[1].Effective.Privileged == nil || !*cs[1].Effective.Privileged {
		t.Fatalf("containers = %v", cs)
	}
	if cs[0].Spec.Env[0].Name != "PORT" || cs[1].Effective.RunAsUser != nil {
		t.Errorf("env = %+v, runAsUser = %v", cs[0].Spec.Env, cs[1].Effective.RunAsUser)
	}
	if !strings.Contains(err.Error(), "Deployment/typo: line 8: spec.template.spec.hostNetwork") {
		t.Errorf("Error() = %q", err.Error())
	}
	// Cached: the same pod and error again.
	if p2, err2 := o.PodSpec(); p2 != p || err2 != err {
		t.Error("PodSpec not cached")
	}
}

func TestPodSpecNotAMapping(t *testing.T) {
	f, _ := Parse("x.yaml", []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: [1, 2]\n"))
	p, err := f.Objects[0].PodSpec()
	var de *DecodeError
	if p != nil || !errors.As(err, &de) || de.Line != 5 {
		t.Errorf("PodSpec = %v, %v", p, err)
	}
}

func TestYAML11Booleans(t *testing.T) {
	f, _ := Parse("x.yaml", []byte("apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: yes\n  containers:\n  - name: 'no'\n    securityContext: {privileged: on}\n"))
	p, err := f.Objects[0].PodSpec()
	if err != nil {
		t.Fatal(err)
	}
	c := p.Containers()[0]
	if !p.Spec.HostNetwork || c.Name != "no" || !*c.Effective.Privileged {
		t.Errorf("hostNetwork=%v name=%q privileged=%v", p.Spec.HostNetwork, c.Name, *c.Effective.Privileged)
	}
}

func TestFileWorkloads(t *testing.T) {
	f, _ := parseTestdata(t, "list.yaml")
	pods, errs := f.Workloads()
	if len(pods) != 1 || pods[0].Object.Kind != "DaemonSet" || len(errs) != 0 {
		t.Errorf("Workloads = %v, %v", pods, errs)
	}
	f, _ = parseTestdata(t, "badtype.yaml")
	if pods, errs := f.Workloads(); len(pods) != 1 || len(errs) != 1 {
		t.Errorf("Workloads = %v, %v", pods, errs)
	}
}

func TestPartial(t *testing.T) {
	tests := []struct {
		name, doc string
		want      bool
	}{
		{"full", "kind: Pod\napiVersion: v1\nmetadata: {name: a}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n", false},
		{"patch without image", "kind: Deployment\napiVersion: apps/v1\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        args: [--debug]\n", true},
		{"init container without image", "kind: Pod\napiVersion: v1\nmetadata: {name: a}\nspec:\n  initContainers:\n  - name: init\n  containers:\n  - name: app\n    image: nginx:1.27\n", true},
		{"no containers", "kind: Deployment\napiVersion: apps/v1\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n      nodeSelector: {pool: gpu}\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("x.yaml", []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			p, err := f.Objects[0].PodSpec()
			if err != nil || p == nil {
				t.Fatalf("PodSpec: %v, %v", p, err)
			}
			if got := p.Partial(); got != tt.want {
				t.Errorf("Partial() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestVolumeWithoutSourceIsEmptyDir(t *testing.T) {
	doc := "kind: Pod\napiVersion: v1\nmetadata: {name: a}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n  volumes:\n  - name: data\n  - name: cfg\n    configMap: {name: cfg}\n"
	f, err := Parse("x.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.Objects[0].PodSpec()
	if err != nil || p == nil {
		t.Fatalf("PodSpec: %v, %v", p, err)
	}
	if v := p.Spec.Volumes[0]; v.EmptyDir == nil {
		t.Errorf("volume %q without a source: %+v, want emptyDir (the API default)", v.Name, v.VolumeSource)
	}
	if v := p.Spec.Volumes[1]; v.EmptyDir != nil || v.ConfigMap == nil {
		t.Errorf("volume %q: %+v, want its configMap only", v.Name, v.VolumeSource)
	}
}
