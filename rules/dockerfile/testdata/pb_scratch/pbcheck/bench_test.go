package pbcheck_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/dockerfile/testdata/pb_scratch/pbcheck"
)

func corpus(b *testing.B) [][]byte {
	var out [][]byte
	filepath.WalkDir("/work/shared/corpus/dockerfile", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(strings.ToLower(d.Name()), "dockerfile") {
			if data, err := os.ReadFile(p); err == nil {
				out = append(out, data)
			}
		}
		return nil
	})
	if len(out) == 0 {
		b.Skip("no corpus")
	}
	return out
}

func BenchmarkGroupRules(b *testing.B) {
	var files []*dockerfile.File
	var raw [][]byte
	for _, data := range corpus(b) {
		if f, err := dockerfile.Parse("Dockerfile", data, dockerfile.Options{}); err == nil {
			files = append(files, f)
			raw = append(raw, data)
		}
	}
	opts := &rule.Options{Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), EOLSoonDays: 90, TrustedRegistries: []string{"docker.io"}}
	rules := pbcheck.Rules()
	n := 0
	b.Run("rules-only", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			f := files[i%len(files)]
			for _, r := range rules {
				p := rule.NewPass(r, "Dockerfile", opts, func(finding.Finding) { n++ })
				p.Dockerfile = f
				r.Check(p)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
	})
	b.Run("parse+rules", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			f, _ := dockerfile.Parse("Dockerfile", raw[i%len(raw)], dockerfile.Options{})
			for _, r := range rules {
				p := rule.NewPass(r, "Dockerfile", opts, func(finding.Finding) { n++ })
				p.Dockerfile = f
				r.Check(p)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
	})
	b.Run("parse-only", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			dockerfile.Parse("Dockerfile", raw[i%len(raw)], dockerfile.Options{})
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
	})
}
