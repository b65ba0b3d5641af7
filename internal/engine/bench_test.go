package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/rules"
)

// corpusDir finds ../shared/corpus/<kind> next to the repository, or skips.
func corpusDir(b *testing.B, kind string) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			b.Skip("repository root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "corpus", kind)
	if _, err := os.Stat(p); err != nil {
		b.Skipf("corpus %s not found: benchmarks over the shared corpus need ../shared next to the repository", p)
	}
	return p
}

// BenchmarkScanCorpus scans each kind of the shared corpus with every rule
// on (including off-by-default ones) and reports files/s.
func BenchmarkScanCorpus(b *testing.B) {
	cfg := config.Default()
	cfg.Rules = map[string]config.RuleSetting{}
	on := true
	for _, r := range rules.All() {
		cfg.Rules[r.ID] = config.RuleSetting{Enabled: &on}
	}
	for _, kind := range []string{"dockerfile", "compose", "k8s"} {
		b.Run(kind, func(b *testing.B) {
			dir := corpusDir(b, kind)
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
