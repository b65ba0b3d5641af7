package engine_test

import (
	"context"
	"os"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/internal/gctune"
	"github.com/stevedore-dev/stevedore/internal/testenv"
	"github.com/stevedore-dev/stevedore/rules"
)

// BenchmarkScanCorpus scans each kind of the shared corpus with every rule
// on (including off-by-default ones) and reports files/s.
func BenchmarkScanCorpus(b *testing.B) {
	defer gctune.Batch(os.Getenv)() // as `stevedore scan` runs
	cfg := config.Default()
	cfg.Rules = map[string]config.RuleSetting{}
	on := true
	for _, r := range rules.All() {
		cfg.Rules[r.ID] = config.RuleSetting{Enabled: &on}
	}
	for _, kind := range []string{"dockerfile", "compose", "k8s"} {
		b.Run(kind, func(b *testing.B) {
			dir := testenv.Shared(b, "corpus", kind)
			fsys := os.DirFS(dir)
			s, err := engine.New(rules.All(), cfg, engine.Options{})
			if err != nil {
				b.Fatal(err)
			}
			files := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := s.Scan(context.Background(), fsys)
				if err != nil {
					b.Fatal(err)
				}
				files = len(res.Files)
			}
			b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
