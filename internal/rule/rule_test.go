package rule

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

func valid() *Rule {
	return &Rule{ID: "DF001", Name: "final-stage-runs-as-root", Title: "Final stage runs as root",
		Severity: finding.High, Kind: KindDockerfile, Note: "least-privilege", Check: func(*Pass) {}}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(r *Rule)
		want   string
	}{
		{"valid", func(*Rule) {}, ""},
		{"bad ID", func(r *Rule) { r.ID = "X1" }, "ID must look like"},
		{"bad name", func(r *Rule) { r.Name = "FinalStage" }, "not kebab-case"},
		{"title with period", func(r *Rule) { r.Title = "Runs as root." }, "title"},
		{"no severity", func(r *Rule) { r.Severity = 0 }, "severity"},
		{"no note", func(r *Rule) { r.Note = "" }, "no topic note"},
		{"no check", func(r *Rule) { r.Check = nil }, "no Check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid()
			tt.mutate(r)
			err := Validate([]*Rule{r})
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Validate = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	a, b := valid(), valid()
	if err := Validate([]*Rule{a, b}); err == nil || !strings.Contains(err.Error(), "duplicate ID") {
		t.Errorf("duplicate IDs: %v", err)
	}
	b.ID = "DF002"
	if err := Validate([]*Rule{a, b}); err == nil || !strings.Contains(err.Error(), "duplicate name") {
		t.Errorf("duplicate names: %v", err)
	}
}

func TestPassFillsDefaults(t *testing.T) {
	r := valid()
	var got []finding.Finding
	p := NewPass(r, "Dockerfile", &Options{}, func(f finding.Finding) { got = append(got, f) })
	p.Reportf(finding.Range{}, "stage[final]/USER", "root", "runs as %s", "root")
	p.Report(finding.Finding{Path: "other.yaml", Severity: finding.Low, Range: finding.Line(4)})
	if len(got) != 2 {
		t.Fatalf("got %d findings", len(got))
	}
	f := got[0]
	if f.RuleID != "DF001" || f.RuleName != r.Name || f.Severity != finding.High || f.Path != "Dockerfile" ||
		f.Range.StartLine != 1 || f.Message != "runs as root" {
		t.Errorf("filled finding = %+v", f)
	}
	if got[1].Path != "other.yaml" || got[1].Severity != finding.Low {
		t.Errorf("explicit fields overwritten: %+v", got[1])
	}
}

func TestDocPaths(t *testing.T) {
	for kind, want := range map[Kind]string{KindDockerfile: "dockerfile/X.md", KindKubernetes: "kube/X.md", KindAny: "engine/X.md", KindCrossFile: "crossfile/X.md"} {
		r := &Rule{ID: "X", Kind: kind, Note: "secrets"}
		if r.DocPath() != want || r.NotePath() != "notes/secrets.md" {
			t.Errorf("%s: DocPath %q NotePath %q", kind, r.DocPath(), r.NotePath())
		}
	}
}

func TestRepoSharedComputesOncePerKey(t *testing.T) {
	type keyA struct{}
	type keyB struct{}
	var repo Repo
	var calls atomic.Int32
	var wg sync.WaitGroup
	got := make([]any, 8)
	for i := range got {
		wg.Go(func() {
			got[i] = repo.Shared(keyA{}, func() any { calls.Add(1); return "a" })
		})
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("compute ran %d times for one key, want once", calls.Load())
	}
	for i, v := range got {
		if v != "a" {
			t.Errorf("caller %d got %v, want a", i, v)
		}
	}
	if v := repo.Shared(keyB{}, func() any { return "b" }); v != "b" {
		t.Errorf("another key got %v, want b", v)
	}
}
