package kube_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kicsconformance"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/testenv"
	kuberules "github.com/stevedore-dev/stevedore/rules/kube"
)

// minRawConformance is the share of KICS's expected findings the rules
// must report at KICS's line. Documented deviations do not count as met:
// they only explain the misses that remain. The product target is 95%,
// reached: 132/138 = 95.7% (floor rounded down). The 6 misses left are KICS positions or scopes
// that differ from the Pod Security Standards' and ours (a PodSecurityPolicy
// sysctl, a pod-level non-root user, a pod securityContext its container
// makes up for), an image placeholder, and KICS reading RBAC values as globs
// — see testdata/kics-deviations.md. This floor keeps the rate from falling.
const minRawConformance = 0.956

// TestPSSChecksMapped makes sure every check of the pod-security-admission
// library is reported by exactly one rule.
func TestPSSChecksMapped(t *testing.T) {
	owner := map[string]string{}
	for id, checks := range kuberules.PSSCheckRules() {
		for _, c := range checks {
			if prev, ok := owner[c]; ok {
				t.Errorf("PSS check %s is mapped to %s and %s", c, prev, id)
			}
			owner[c] = id
		}
	}
	known := map[string]bool{}
	for _, c := range kube.PSSCheckIDs() {
		known[c] = true
		if owner[c] == "" {
			t.Errorf("PSS check %s of the library is not mapped to any rule", c)
		}
	}
	for c, id := range owner {
		if !known[c] {
			t.Errorf("%s maps PSS check %s, which the library does not have", id, c)
		}
	}
}

// TestKICSConformance runs the rules on the samples of the KICS queries
// they list as equivalents (each copied under its own name; rules listing
// the same query run together and are scored as one row); see
// internal/kicsconformance for what is measured. The raw rate must reach
// minRawConformance, and every miss and every negative line that fires must
// be a row of testdata/kics-deviations.md. Run with -v to see the table.
func TestKICSConformance(t *testing.T) {
	kicsconformance.Run(t, kicsconformance.Suite{
		Platform:   "k8s",
		Rules:      kuberules.Rules(),
		Floor:      minRawConformance,
		Deviations: filepath.Join("testdata", "kics-deviations.md"),
		Together:   true,
		Common:     kicsconformance.KubernetesSamples,
	})
}

// TestFixesClearFindings applies every fix the rules propose on their
// positive testdata, one at a time, and re-runs the rule: the file must
// still parse and the finding must be gone.
func TestFixesClearFindings(t *testing.T) {
	fixes := 0
	for _, r := range kuberules.Rules() {
		sample := filepath.Join("testdata", r.ID, "positive.yaml")
		data, err := os.ReadFile(sample)
		if err != nil {
			continue
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "positive.yaml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, f := range linttest.Scan(t, dir, []*rule.Rule{r}).Findings {
			if f.Fix == nil || f.RuleID != r.ID {
				continue
			}
			fixes++
			if len(f.Fix.Edits) == 0 {
				t.Errorf("%s at line %d: fix %q has no edits", r.ID, f.Range.StartLine, f.Fix.Description)
				continue
			}
			fixed := applyEdits(string(data), f.Fix.Edits)
			fdir := t.TempDir()
			if err := os.WriteFile(filepath.Join(fdir, "positive.yaml"), []byte(fixed), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, g := range linttest.Scan(t, fdir, []*rule.Rule{r}).Findings {
				if g.RuleID != r.ID {
					t.Errorf("%s fix at line %d (%s) breaks the file: %s: %s\n%s", r.ID, f.Range.StartLine, f.Fix.Description, g.RuleID, g.Message, fixed)
				} else if g.Location == f.Location {
					t.Errorf("%s fix at line %d (%s) does not clear the finding:\n%s", r.ID, f.Range.StartLine, f.Fix.Description, fixed)
				}
			}
		}
	}
	t.Logf("%d fixes verified", fixes)
}

// applyEdits applies whole-line edits (see finding.Edit) to text.
func applyEdits(text string, edits []finding.Edit) string {
	lines := strings.SplitAfter(text, "\n")
	sorted := append([]finding.Edit{}, edits...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].StartLine > sorted[j].StartLine })
	for _, e := range sorted {
		start, end := e.StartLine-1, e.EndLine
		if start < 0 || start > len(lines) || end < start || end > len(lines) {
			continue
		}
		repl := strings.SplitAfter(e.NewText, "\n")
		if repl[len(repl)-1] == "" {
			repl = repl[:len(repl)-1]
		}
		lines = append(lines[:start], append(repl, lines[end:]...)...)
	}
	return strings.Join(lines, "")
}

// corpusFiles reads the manifests of ../shared/corpus/k8s, or skips.
func corpusFiles(b *testing.B) (paths []string, data [][]byte) {
	root := testenv.Shared(b, "corpus", "k8s")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			if content, err := os.ReadFile(p); err == nil {
				paths, data = append(paths, p), append(data, content)
			}
		}
		return nil
	})
	if len(paths) == 0 {
		b.Skipf("no manifests under %s", root)
	}
	return paths, data
}

// runKubeRules runs every rule on one parsed file.
func runKubeRules(rules []*rule.Rule, path string, f *kube.File) {
	opts := &rule.Options{}
	for _, r := range rules {
		p := rule.NewPass(r, path, opts, func(finding.Finding) {})
		p.Kube = f
		r.Check(p)
	}
}

// BenchmarkKubeRules parses every manifest of ../shared/corpus/k8s and
// runs every Kubernetes rule on it, files in parallel (files are parsed
// each time: the model caches pod specs and PSS verdicts per object). Run
// with -cpu 2 for the two-core figure.
func BenchmarkKubeRules(b *testing.B) {
	paths, data := corpusFiles(b)
	rules := kuberules.Rules()
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1)) % len(paths)
			f, _ := kube.Parse(paths[i], data[i])
			runKubeRules(rules, paths[i], f)
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkKubeRulesOnly measures the rules without parsing: each round
// parses the corpus with the timer stopped, then runs every rule on it
// (pod decoding and PSS evaluation, which rules trigger, are timed).
func BenchmarkKubeRulesOnly(b *testing.B) {
	paths, data := corpusFiles(b)
	rules := kuberules.Rules()
	files := 0
	b.ResetTimer()
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
