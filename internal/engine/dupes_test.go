package engine

import (
	"testing"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

func TestDupesRepeated(t *testing.T) {
	base := finding.Finding{RuleID: "DF001", Path: "Dockerfile", Location: "stage[final]/USER", Evidence: "root", Range: finding.Line(3)}
	with := func(change func(*finding.Finding)) *finding.Finding {
		f := base
		change(&f)
		return &f
	}
	var d dupes
	d.init(0)
	for _, tc := range []struct {
		name string
		f    *finding.Finding
		want bool
	}{
		{"first", &base, false},
		{"same fingerprint and line", with(func(f *finding.Finding) { f.Message = "other words" }), true},
		{"evidence differs only in case and spacing", with(func(f *finding.Finding) { f.Evidence = "  ROOT " }), true},
		{"other evidence", with(func(f *finding.Finding) { f.Evidence = "0" }), false},
		{"that other evidence again", with(func(f *finding.Finding) { f.Evidence = "0" }), true},
		{"other line", with(func(f *finding.Finding) { f.Range = finding.Line(4) }), false},
		{"other location", with(func(f *finding.Finding) { f.Location = "stage[build]/USER" }), false},
		{"other path", with(func(f *finding.Finding) { f.Path = "b/Dockerfile" }), false},
	} {
		if got := d.repeated(tc.f); got != tc.want {
			t.Errorf("%s: repeated = %v, want %v", tc.name, got, tc.want)
		}
	}
}
