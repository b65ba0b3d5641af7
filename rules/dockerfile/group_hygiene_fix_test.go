package dockerfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/testenv"
)

// hygRunOne parses data and runs r on it.
func hygRunOne(r *rule.Rule, data []byte) ([]finding.Finding, error) {
	f, err := dockerfile.Parse("Dockerfile", data, dockerfile.Options{})
	if err != nil {
		return nil, err
	}
	var out []finding.Finding
	p := rule.NewPass(r, "Dockerfile", &rule.Options{}, func(fd finding.Finding) { out = append(out, fd) })
	p.Dockerfile = f
	r.Check(p)
	return out, nil
}

// hygApply applies one line edit to data.
func hygApply(data []byte, e finding.Edit) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	var b strings.Builder
	for i, l := range lines {
		n := i + 1
		if n == e.StartLine {
			b.WriteString(e.NewText)
		}
		if n >= e.StartLine && n <= e.EndLine {
			continue
		}
		b.WriteString(l)
	}
	return []byte(b.String())
}

// TestHygieneFixes applies every fix the hygiene and BuildKit rules offer
// on their positive testdata and checks the result parses and no longer
// triggers the finding.
func TestHygieneFixes(t *testing.T) {
	extra := map[string]string{
		"DF058":  "FROM alpine:3.20\nCMD node server.js --port 80\n",
		"DF058b": "FROM alpine:3.20\n  entrypoint /app serve\n",
	}
	for _, r := range append(hygieneRules(), buildkitRules()...) {
		files, _ := filepath.Glob(filepath.Join("testdata", r.ID, "positive*"))
		var datas [][]byte
		for _, fn := range files {
			d, _ := os.ReadFile(fn)
			datas = append(datas, d)
		}
		for k, v := range extra {
			if strings.HasPrefix(k, r.ID) {
				datas = append(datas, []byte(v))
			}
		}
		for _, data := range datas {
			got, err := hygRunOne(r, data)
			if err != nil {
				t.Fatal(err)
			}
			for _, fd := range got {
				if fd.Fix == nil {
					continue
				}
				nd := data
				for _, e := range fd.Fix.Edits {
					nd = hygApply(nd, e)
				}
				after, err := hygRunOne(r, nd)
				if err != nil {
					t.Errorf("%s: fix breaks parse: %v", r.ID, err)
					continue
				}
				for _, a := range after {
					if a.Location == fd.Location && a.Range.StartLine == fd.Range.StartLine {
						t.Errorf("%s: fix did not remove finding at %d", r.ID, fd.Range.StartLine)
					}
				}
			}
		}
	}
}

// BenchmarkHygieneRules runs this group's rules over the Dockerfiles of
// ../shared/corpus (parsing excluded) and reports files/s.
func BenchmarkHygieneRules(b *testing.B) {
	benchRulesOnCorpus(b, append(hygieneRules(), buildkitRules()...))
}

// benchRulesOnCorpus runs rules over the parsed Dockerfiles of
// ../shared/corpus, one file per iteration, and reports files/s.
func benchRulesOnCorpus(b *testing.B, rules []*rule.Rule) {
	var parsed []*dockerfile.File
	root := testenv.Shared(b, "corpus", "dockerfile")
	_ = filepath.WalkDir(root, func(fn string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if data, err := os.ReadFile(fn); err == nil {
			if f, err := dockerfile.Parse(fn, data, dockerfile.Options{}); err == nil {
				parsed = append(parsed, f)
			}
		}
		return nil
	})
	if len(parsed) == 0 {
		b.Skip("no corpus at ../shared/corpus/dockerfile")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := parsed[i%len(parsed)]
		for _, r := range rules {
			p := rule.NewPass(r, f.Path, &rule.Options{}, func(finding.Finding) {})
			p.Dockerfile = f
			r.Check(p)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
}
