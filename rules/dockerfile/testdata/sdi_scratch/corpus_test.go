package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	df "github.com/stevedore-dev/stevedore/rules/dockerfile"
)

var mine = []*rule.Rule{df.DF020, df.DF021, df.DF022, df.DF023, df.DF030, df.DF031, df.DF032, df.DF033, df.DF034, df.DF040, df.DF041, df.DF042, df.DF043, df.DF044, df.DF045}

func corpusFiles(t testing.TB) map[string][]byte {
	out := map[string][]byte{}
	filepath.Walk("/work/shared/corpus/dockerfile", func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = b
		}
		return nil
	})
	return out
}

func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	counts := map[string]int{}
	samples := map[string][]string{}
	var parsed []*dockerfile.File
	for p, b := range files {
		f, err := dockerfile.Parse(p, b, dockerfile.Options{})
		if err != nil {
			continue
		}
		parsed = append(parsed, f)
		for _, r := range mine {
			pass := rule.NewPass(r, p, &rule.Options{}, func(fd finding.Finding) {
				counts[r.ID]++
				samples[r.ID] = append(samples[r.ID], fmt.Sprintf("%s:%d [%s] %s", p, fd.Range.StartLine, fd.Evidence, fd.Message))
			})
			pass.Dockerfile = f
			r.Check(pass)
		}
	}
	ids := make([]string, 0, len(counts))
	for k := range counts {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	for _, id := range ids {
		t.Logf("%s: %d", id, counts[id])
	}
	if dump := os.Getenv("DUMP"); dump != "" {
		for _, s := range samples[dump] {
			t.Log(s)
		}
	}
	// timing: rules only, every file already parsed
	start := time.Now()
	for _, f := range parsed {
		for _, r := range mine {
			pass := rule.NewPass(r, f.Path, &rule.Options{}, func(fd finding.Finding) {})
			pass.Dockerfile = f
			r.Check(pass)
		}
	}
	el := time.Since(start)
	t.Logf("%d files parsed, rules (shell cached) %v, %.0f files/s", len(parsed), el, float64(len(parsed))/el.Seconds())
}

func BenchmarkRules(b *testing.B) {
	files := corpusFiles(b)
	var parsed []*dockerfile.File
	for p, data := range files {
		if f, err := dockerfile.Parse(p, data, dockerfile.Options{}); err == nil {
			parsed = append(parsed, f)
			for _, in := range f.Instructions() {
				in.Shell()
			}
		}
	}
	for _, r := range mine {
		b.Run(r.ID, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for _, f := range parsed {
					pass := rule.NewPass(r, f.Path, &rule.Options{}, func(fd finding.Finding) {})
					pass.Dockerfile = f
					r.Check(pass)
				}
			}
			b.ReportMetric(float64(b.N*len(parsed))/b.Elapsed().Seconds(), "files/s")
		})
	}
}
