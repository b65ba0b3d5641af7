package kube_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	kuberules "github.com/stevedore-dev/stevedore/rules/kube"
)

func TestZZProbe(t *testing.T) {
	if os.Getenv("PROBE") == "" {
		t.Skip()
	}
	root := kicsRoot(t)
	queries := readKICSIndex(t, filepath.Join(root, "index.json"))
	for qname, q := range queries {
		for _, r := range kuberules.Rules() {
			got := map[string]map[int]bool{}
			for _, file := range append(append([]string{}, q.Positives...), q.Negatives...) {
				got[file] = scanSample(t, filepath.Join(root, "k8s", qname, file), r)
			}
			hit := 0
			for _, e := range q.Expected {
				if got[e.File][e.Line] {
					hit++
				}
			}
			neg := 0
			for _, n := range q.Negatives {
				if len(got[n]) > 0 {
					neg++
				}
			}
			if hit > 0 {
				fmt.Printf("PROBE %-50s %s hit %d/%d negfired %d/%d\n", qname, r.ID, hit, len(q.Expected), neg, len(q.Negatives))
			}
		}
	}
}
