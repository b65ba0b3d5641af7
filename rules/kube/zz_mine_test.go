package kube_test

import (
	"testing"

	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
	kuberules "github.com/stevedore-dev/stevedore/rules/kube"
)

func BenchmarkZZMine(b *testing.B) {
	paths, data := corpusFiles(b)
	var rules []*rule.Rule
	for _, r := range kuberules.Rules() {
		if r.ID < "K8S030" {
			rules = append(rules, r)
		}
	}
	files := 0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		parsed := make([]*kube.File, len(paths))
		for j := range paths {
			parsed[j], _ = kube.Parse(paths[j], data[j])
		}
		b.StartTimer()
		for j, f := range parsed {
			runKubeRules(rules, paths[j], f)
		}
		files += len(paths)
	}
	b.ReportMetric(float64(files)/b.Elapsed().Seconds(), "files/s")
}
