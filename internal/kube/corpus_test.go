package kube

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	"github.com/stevedore-dev/stevedore/internal/testenv"
)

// corpusFile is a file's path and content.
type corpusFile struct {
	path    string
	content []byte
}

// loadCorpus reads every file under the k8s corpus and the KICS k8s
// samples (except KICS' expectation files).
func loadCorpus(tb testing.TB) []corpusFile {
	tb.Helper()
	var files []corpusFile
	for _, sub := range []string{"corpus/k8s", "conformance/kics/k8s"} {
		root := testenv.Shared(tb, filepath.FromSlash(sub))
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if name := d.Name(); name == "expected.json" || name == "metadata.json" {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files = append(files, corpusFile{path, b})
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return files
}

// TestCorpusRobustness parses every shared k8s file, decodes every pod and
// evaluates both PSS levels, and checks that the per-check, per-container
// verdicts add up to exactly what the library's own evaluator says.
func TestCorpusRobustness(t *testing.T) {
	files := loadCorpus(t)
	full, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var objects, workloads, parseErrs, decodeErrs, templated, violations int
	kinds := map[string]int{}
	for _, f := range files {
		file, err := Parse(f.path, f.content)
		if file == nil {
			t.Fatalf("%s: nil file", f.path)
		}
		if err != nil {
			parseErrs++
		}
		if file.Templated {
			templated++
		}
		objects += len(file.Objects)
		for _, o := range file.Objects {
			kinds[o.Kind]++
			pod, err := o.PodSpec()
			if err != nil {
				decodeErrs++
				t.Logf("decode: %v", err)
			}
			if pod == nil {
				continue
			}
			workloads++
			for _, level := range []api.Level{api.LevelBaseline, api.LevelRestricted} {
				for _, version := range []string{"", "v1.0", "v1.18", "v1.24", "v1.30"} {
					vs, err := pod.EvaluatePSS(level, version)
					if err != nil {
						t.Fatal(err)
					}
					violations += len(vs)
					v, _ := ParsePSSVersion(version)
					want := reasons(full.EvaluatePod(api.LevelVersion{Level: level, Version: v}, &pod.Meta, pod.Spec))
					if got := violationReasons(vs); got != want {
						t.Errorf("%s %s %s@%s: reasons\n got %s\nwant %s", f.path, o.ID(), level, version, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d files: %d objects, %d workloads, %d parse errors, %d decode errors, %d templated, %d PSS violations (all levels and versions)",
		len(files), objects, workloads, parseErrs, decodeErrs, templated, violations)
}

// reasons lists the forbidden reasons of the library's results, sorted.
func reasons(rs []policy.CheckResult) string {
	var out []string
	for _, r := range rs {
		if !r.Allowed {
			out = append(out, singular(r.ForbiddenReason))
		}
	}
	sort.Strings(out)
	return strings.Join(out, "|")
}

// violationReasons lists one reason per failing check: the first
// violation's reason for a check whose violations all agree on one. The
// library's reason for a check is the same whatever part of the pod fails
// it, except for pluralisation, which is normalised away.
func violationReasons(vs []PSSViolation) string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		if !seen[v.CheckID] {
			seen[v.CheckID] = true
			out = append(out, singular(v.Reason))
		}
	}
	sort.Strings(out)
	return strings.Join(out, "|")
}

// singular drops the plural s of every word of a reason.
func singular(reason string) string {
	words := strings.Fields(reason)
	for i, w := range words {
		words[i] = strings.TrimSuffix(w, "s")
	}
	return strings.Join(words, " ")
}

func BenchmarkParseCorpus(b *testing.B) {
	files := loadCorpus(b)
	var bytes int64
	for _, f := range files {
		bytes += int64(len(f.content))
	}
	b.SetBytes(bytes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			_, _ = Parse(f.path, f.content)
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
}

func BenchmarkPodSpecAndPSS(b *testing.B) {
	files := loadCorpus(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			file, _ := Parse(f.path, f.content)
			for _, o := range file.Objects {
				pod, _ := o.PodSpec()
				if pod == nil {
					continue
				}
				for _, c := range pod.Containers() {
					_, _ = c.Effective.RunsAsRoot()
				}
				_, _ = pod.EvaluatePSS(api.LevelBaseline, "")
				_, _ = pod.EvaluatePSS(api.LevelRestricted, "")
			}
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
}
