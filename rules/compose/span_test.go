package compose

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// TestSpans checks the full ranges of the rules that report from a block key
// down to the precise line (the want markers of testdata match only the
// start line).
func TestSpans(t *testing.T) {
	tests := []struct {
		name string
		rule *rule.Rule
		file string
		want []finding.Range
	}{
		{"capability items under cap_add", DC002, `services:
  vpn:
    image: alpine:3.21
    cap_add:
      - CHOWN
      - NET_ADMIN
      - SYS_ADMIN
`, []finding.Range{finding.Lines(4, 6), finding.Lines(4, 7)}},
		{"flow cap_add is one line", DC002, `services:
  all:
    image: alpine:3.21
    cap_add: [all]
`, []finding.Range{finding.Line(4)}},
		{"port items under ports", DC020, `services:
  web:
    image: nginx:1.27
    ports:
      - "127.0.0.1:8000:80"
      - "8080:80"
      - target: 443
        published: "8443"
`, []finding.Range{finding.Lines(4, 6), finding.Lines(4, 7)}},
		{"no deploy: the service key", DC029, `services:
  a:
    image: alpine:3.21
`, []finding.Range{finding.Line(2)}},
		{"empty deploy: service key to deploy", DC029, `services:
  a:
    image: alpine:3.21
    deploy:
`, []finding.Range{finding.Lines(2, 4)}},
		{"limits without the key: service key to limits", DC030, `services:
  a:
    image: alpine:3.21
    deploy:
      resources:
        limits:
          memory: 256M
`, []finding.Range{finding.Lines(2, 6)}},
		{"written bad value: its own line", DC031, `services:
  a:
    image: alpine:3.21
    pids_limit: -1
`, []finding.Range{finding.Line(4)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanRanges(t, tt.rule, tt.file)
			slices.SortFunc(got, func(a, b finding.Range) int { return a.EndLine - b.EndLine })
			if !slices.Equal(got, tt.want) {
				t.Errorf("ranges %v, want %v", got, tt.want)
			}
		})
	}
}

// TestIgnoreStaysOnItsItem checks that an inline ignore on one list item
// does not hide the finding of a later item of the same list, although the
// later finding's range (from the list's key) covers the ignored line.
// It needs internal/suppress to match a YAML line directive against a
// finding's first and last lines rather than any line of its range.
func TestIgnoreStaysOnItsItem(t *testing.T) {
	tests := []struct {
		name string
		rule *rule.Rule
		file string
		want []finding.Range
	}{
		{"cap_add", DC002, `services:
  vpn:
    image: alpine:3.21
    cap_add:
      - NET_ADMIN  # stevedore:ignore DC002 the VPN needs it
      - SYS_ADMIN
`, []finding.Range{finding.Lines(4, 6)}},
		{"ports", DC020, `services:
  web:
    image: nginx:1.27
    ports:
      - "443:8443"  # stevedore:ignore DC020 public edge
      - "5432:5432"
`, []finding.Range{finding.Lines(4, 6)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanRanges(t, tt.rule, tt.file)
			if !slices.Equal(got, tt.want) {
				t.Errorf("ranges %v, want %v", got, tt.want)
			}
		})
	}
}

// scanRanges scans file, written as compose.yaml, with rule r alone and
// returns the ranges of r's findings in the order the scan reports them.
func scanRanges(t *testing.T, r *rule.Rule, file string) []finding.Range {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "compose.yaml"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []finding.Range
	for _, f := range linttest.Scan(t, dir, []*rule.Rule{r}).Findings {
		if f.RuleID == r.ID {
			got = append(got, f.Range)
		}
	}
	return got
}
