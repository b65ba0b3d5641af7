package suppress

import (
	"testing"
	"time"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

func TestComments(t *testing.T) {
	df := []byte(`FROM alpine:3.20
# stevedore:ignore DF001,DF002 runs as root on purpose until=2030-01-02
# want +1 "DF003"

USER root
RUN echo hi # stevedore:ignore DF009 not a comment in a Dockerfile
# stevedore:ignore-file DF100 generated file
# stevedore:ignore DF004
`)
	ds := Comments("Dockerfile", df, false)
	if len(ds) != 3 {
		t.Fatalf("got %d directives, want 3: %+v", len(ds), ds)
	}
	d := ds[0]
	if d.Source != FromComment || d.Line != 2 || d.Reason != "runs as root on purpose" ||
		len(d.Rules) != 2 || d.Until.Format("2006-01-02") != "2030-01-02" || d.Lines.StartLine != 5 {
		t.Errorf("first directive = %+v lines %+v", d, d.Lines)
	}
	if ds[1].Source != FromFile || ds[1].Lines != nil || ds[1].Reason != "generated file" {
		t.Errorf("file directive = %+v", ds[1])
	}
	if ds[2].Reason != "" || ds[2].Lines.StartLine != 8 {
		t.Errorf("reasonless directive = %+v", ds[2])
	}
	if !ds[0].Covers(&finding.Finding{RuleID: "DF002", Path: "Dockerfile", Range: finding.Line(5)}) {
		t.Error("directive should cover DF002 at line 5")
	}
	if ds[0].Covers(&finding.Finding{RuleID: "DF002", Path: "Dockerfile", Range: finding.Line(6)}) {
		t.Error("directive should not cover line 6")
	}
}

func TestTrailingYAML(t *testing.T) {
	y := []byte("services:\n  web:\n    privileged: true  # stevedore:ignore DC001 needs /dev access\n")
	ds := Comments("compose.yaml", y, true)
	if len(ds) != 1 || ds[0].Lines.StartLine != 3 || ds[0].Reason != "needs /dev access" {
		t.Fatalf("got %+v", ds)
	}
}

func TestExpired(t *testing.T) {
	today := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		until string
		want  bool
	}{{"2026-11-25", true}, {"2026-11-26", false}, {"2027-01-01", false}, {"", false}}
	for _, tt := range tests {
		var d Directive
		if tt.until != "" {
			d.Until, _ = time.Parse("2006-01-02", tt.until)
		}
		if got := d.Expired(today); got != tt.want {
			t.Errorf("until %q: Expired = %v, want %v", tt.until, got, tt.want)
		}
	}
}
