package posture

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/kube"
)

var testOpts = Options{Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}

func subjects(t *testing.T, kind, content string) []Subject {
	t.Helper()
	switch kind {
	case "dockerfile":
		f, err := dockerfile.Parse("Dockerfile", []byte(content), dockerfile.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return Of("Dockerfile", f, testOpts)
	case "compose":
		p, err := compose.Load(fstest.MapFS{"compose.yaml": {Data: []byte(content)}}, ".", []string{"compose.yaml"}, compose.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return Of("compose.yaml", p, testOpts)
	default:
		f, err := kube.Parse("k.yaml", []byte(content))
		if err != nil {
			t.Fatal(err)
		}
		return Of("k.yaml", f, testOpts)
	}
}

func render(cs []Change) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s | %s: %s → %s (%s)\n", c.Name, c.Property, c.Before, c.After, c.Verdict)
	}
	return b.String()
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
%s      containers:
        - name: app
          image: nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000
%s`

func TestCompare(t *testing.T) {
	tests := []struct {
		name, kind, base, head, want string
	}{
		{"user removed", "dockerfile",
			"FROM alpine:3.20\nUSER app\nCMD [\"x\"]\n", "FROM alpine:3.20\nCMD [\"x\"]\n",
			"final stage | user: app → not set (base image default) (worse)\n"},
		{"digest replaced by tag", "dockerfile",
			"FROM alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000\nUSER app\n", "FROM alpine:3.20\nUSER app\n",
			"final stage | image: alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000 → alpine:3.20 (changed)\n" +
				"final stage | digest pinned: yes → no (worse)\nfinal stage | end of life: unknown → eol since 2026-04-01 (worse)\n"},
		{"privileged and host network added", "compose",
			"services:\n  web:\n    image: nginx:1.27\n    user: \"1000\"\n",
			"services:\n  web:\n    image: nginx:1.27\n    user: \"1000\"\n    privileged: true\n    network_mode: host\n    cap_add: [NET_ADMIN]\n",
			"service web | privileged: false → true (worse)\nservice web | capabilities added: none → NET_ADMIN (worse)\nservice web | host namespaces: none → network (worse)\n"},
		{"pod-level runAsNonRoot moved to container", "kube",
			fmt.Sprintf(deployment, "      securityContext:\n        runAsNonRoot: true\n", ""),
			fmt.Sprintf(deployment, "", "          securityContext:\n            runAsNonRoot: true\n"),
			""},
		{"readOnlyRootFilesystem set", "kube",
			fmt.Sprintf(deployment, "", ""),
			fmt.Sprintf(deployment, "", "          securityContext:\n            readOnlyRootFilesystem: true\n            allowPrivilegeEscalation: false\n"),
			"Deployment/web containers[app] | readOnlyRootFilesystem: not set → true (better)\nDeployment/web containers[app] | allowPrivilegeEscalation: not set (defaults to true) → false (better)\n"},
		{"privileged added next to an explicit allowPrivilegeEscalation: false", "kube",
			fmt.Sprintf(deployment, "", "          securityContext:\n            allowPrivilegeEscalation: false\n"),
			fmt.Sprintf(deployment, "", "          securityContext:\n            allowPrivilegeEscalation: false\n            privileged: true\n"),
			"Deployment/web containers[app] | privileged: not set → true (worse)\n"},
		{"service added", "compose",
			"services:\n  web:\n    image: nginx:1.27\n",
			"services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:17\n    privileged: true\n",
			"service db | subject: (none) → added (changed)\nservice db | privileged: (none) → true (worse)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(Compare(subjects(t, tt.kind, tt.base), subjects(t, tt.kind, tt.head), nil))
			if got != tt.want {
				t.Errorf("changes:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
