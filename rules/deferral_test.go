package rules_test

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/rules"
)

// TestDeferralsFollowTheConfig: a rule that leaves a cause to another rule
// (one comment per line) reports it itself when the configuration turns
// the other rule off, so that turning a rule off never hides the cause.
func TestDeferralsFollowTheConfig(t *testing.T) {
	role := "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: all\nrules:\n- apiGroups: [\"*\"]\n  resources: [\"*\"]\n  verbs: [\"*\"]\n"
	sock := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27.3\n    volumeMounts:\n    - {name: s, mountPath: /var/run/docker.sock}\n  volumes:\n  - name: s\n    hostPath: {path: /var/run/docker.sock}\n"
	tests := []struct {
		name, file, content  string
		preferred, deferring string
	}{
		{"dockerfile latest", "Dockerfile", "FROM alpine:latest\nUSER 10001\n", "DF010", "DF011"},
		{"compose latest", "compose.yaml", "services:\n  web:\n    image: nginx:latest\n", "DC021", "DC022"},
		{"kubernetes latest", "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:latest\n", "K8S030", "K8S031"},
		{"runtime socket", "pod.yaml", sock, "K8S022", "K8S005"},
		{"wildcard role", "role.yaml", role, "K8S041", "K8S043"},
		{"expose out of range", "Dockerfile", "FROM alpine:3.20\nEXPOSE 8080:70000\n", "DF067", "DF089"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.file: {Data: []byte(tt.content)}}
			got := func(off ...string) []string {
				cfg := config.Default()
				cfg.Rules = map[string]config.RuleSetting{}
				no := false
				for _, id := range off {
					cfg.Rules[id] = config.RuleSetting{Enabled: &no}
				}
				s, err := engine.New(rules.All(), cfg, engine.Options{Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
				if err != nil {
					t.Fatal(err)
				}
				res, err := s.Scan(context.Background(), fsys)
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, f := range res.Findings {
					ids = append(ids, f.RuleID)
				}
				return ids
			}
			def := got()
			if !slices.Contains(def, tt.preferred) || slices.Contains(def, tt.deferring) {
				t.Errorf("default config: got %v, want %s and not %s", def, tt.preferred, tt.deferring)
			}
			if off := got(tt.preferred); !slices.Contains(off, tt.deferring) {
				t.Errorf("%s turned off: got %v, want %s to report the cause", tt.preferred, off, tt.deferring)
			}
		})
	}
}
