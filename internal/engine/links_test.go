package engine_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// finalUserRoot is a test rule that reports the final stage's name when it
// runs as root, so a test can see which stage was analysed as final.
var finalUserRoot = &rule.Rule{
	ID: "DF902", Name: "test-final-root", Title: "Test rule", Severity: finding.High,
	Kind: rule.KindDockerfile, Note: "least-privilege",
	Check: func(p *rule.Pass) {
		f := p.Dockerfile
		st := f.Final()
		if u := f.EffectiveUser(st); u.Root {
			p.Reportf(st.From.Range, "stage[final]", st.Name, "final stage %s runs as root", st.Name)
		}
	},
}

// A Dockerfile built by a Compose service is analysed a second time with the
// service's target: its findings for that target appear too.
func TestComposeBuildTargetIsAnalysed(t *testing.T) {
	fsys := fstest.MapFS{
		"app/Dockerfile": {Data: []byte("FROM alpine:3.22 AS debug\nRUN echo debug\n\nFROM alpine:3.22 AS release\nUSER 10001\n")},
		"compose.yaml":   {Data: []byte("services:\n  app:\n    build:\n      context: app\n      target: debug\n")},
	}
	res := scan(t, fsys, nil, finalUserRoot)
	if got := ids(res.Findings); got != "app/Dockerfile:1:DF902" {
		t.Errorf("findings = %q; want the debug target (built by compose) reported as running as root", got)
	}
}

// stevedore.dev/ignore annotations on the object or on its pod template
// suppress the object's findings, and are audited like comments.
func TestKubernetesAnnotationSuppresses(t *testing.T) {
	privileged := &rule.Rule{
		ID: "K8S900", Name: "test-privileged", Title: "Test rule", Severity: finding.High,
		Kind: rule.KindKubernetes, Note: "least-privilege",
		Check: func(p *rule.Pass) {
			for _, obj := range p.Kube.Objects {
				pod, _ := obj.PodSpec()
				if pod == nil {
					continue
				}
				for _, c := range pod.Containers() {
					if sc := c.Effective; sc.Privileged != nil && *sc.Privileged {
						p.Reportf(finding.Line(c.FieldLine("privileged")), obj.ID()+"/"+c.Ref(), "", "privileged")
					}
				}
			}
		},
	}
	manifest := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: %s
  annotations:
    %s
spec:
  template:
    metadata:
      annotations:
        %s
    spec:
      containers:
        - name: c
          image: busybox:1.37
          securityContext:
            privileged: true
`
	tests := []struct {
		name, objectAnn, templateAnn, want string
	}{
		{"none", "x: y", "x: y", "deploy.yaml:17:K8S900"},
		{"on the object", `stevedore.dev/ignore: "K8S900 node agent needs host devices"`, "x: y", ""},
		{"on the pod template", "x: y", `stevedore.dev/ignore: "K8S900 node agent needs host devices"`, ""},
		{"without a reason", `stevedore.dev/ignore: "K8S900"`, "x: y", "deploy.yaml:6:SD003"},
		{"expired", `stevedore.dev/ignore: "K8S900 temporary until=2026-01-01"`, "x: y", "deploy.yaml:6:SD004 deploy.yaml:17:K8S900"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := fmt.Sprintf(manifest, "agent", tt.objectAnn, tt.templateAnn)
			res := scan(t, fstest.MapFS{"deploy.yaml": {Data: []byte(doc)}}, nil, privileged)
			if got := ids(res.Findings); got != tt.want {
				t.Errorf("findings = %q, want %q", got, tt.want)
			}
		})
	}
}
