package kube_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	kuberules "github.com/stevedore-dev/stevedore/rules/kube"
)

// TestMessages checks that messages say what is true of the manifest in
// the cases where a generic sentence would be wrong or would repeat itself.
func TestMessages(t *testing.T) {
	byID := map[string]*rule.Rule{}
	for _, r := range kuberules.Rules() {
		byID[r.ID] = r
	}
	const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
	tests := []struct {
		name, rule, doc string
		want, not       []string
	}{
		{"container named once", "K8S014", pod + "  containers:\n    - name: app\n      image: nginx:1.27\n",
			[]string{`(must set securityContext.allowPrivilegeEscalation=false)`}, []string{`(container "app"`}},
		{"pod or container", "K8S015", pod + "  containers:\n    - name: app\n      image: nginx:1.27\n",
			[]string{`(the pod or the container must set securityContext.runAsNonRoot=true)`, "the image's USER decides"}, nil},
		{"runAsUser keeps it off root", "K8S015", pod + "  securityContext:\n    runAsUser: 1000\n  containers:\n    - name: app\n      image: nginx:1.27\n",
			[]string{"runAsUser: 1000 already keeps it off root", "enforces restricted"}, []string{"the image's USER decides"}},
		{"hostPID", "K8S002", pod + "  hostPID: true\n  containers:\n    - name: app\n      image: nginx:1.27\n",
			[]string{"every process of the node"}, []string{"network stack"}},
		{"drop all in lowercase", "K8S018", pod + "  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: [all]\n",
			[]string{`runtimes read "all" as ALL`}, []string{"stay available"}},
		{"hostPath folder", "K8S005", pod + "  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: logs\n      hostPath:\n        path: /var/log\n",
			[]string{"the node's /var/log"}, nil},
		{"untagged image", "K8S030", pod + "  containers:\n    - name: app\n      image: nginx\n",
			[]string{"nginx:<version>@sha256:<digest>"}, nil},
		{"wildcard resources of one group", "K8S041", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules:\n  - apiGroups: [metrics.k8s.io]\n    resources: ['*']\n    verbs: [get]\n",
			[]string{"every resource of API group metrics.k8s.io"}, []string{"secrets"}},
		{"wildcards only", "K8S041", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules:\n  - apiGroups: ['*']\n    resources: ['*']\n    verbs: ['*']\n",
			[]string{"the power of cluster-admin"}, nil},
		{"internal load balancer", "K8S048", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-internal: \"true\"\nspec:\n  type: LoadBalancer\n  ports:\n    - port: 5432\n",
			[]string{"internal LoadBalancer"}, []string{"external load balancer"}},
		{"missing resources", "K8S050", pod + "  containers:\n    - name: app\n      image: nginx:1.27\n",
			[]string{"memory limit, CPU limit, memory request or CPU request"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "m.yaml"), []byte(tt.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, f := range linttest.Scan(t, dir, []*rule.Rule{byID[tt.rule]}).Findings {
				if f.RuleID == tt.rule {
					msgs = append(msgs, f.Message)
				}
			}
			all := strings.Join(msgs, "\n")
			if len(msgs) == 0 {
				t.Fatalf("%s reported nothing", tt.rule)
			}
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("messages lack %q:\n%s", w, all)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(all, n) {
					t.Errorf("messages contain %q:\n%s", n, all)
				}
			}
		})
	}
}
