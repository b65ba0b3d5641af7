package kicsconformance

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

func TestParseDeviations(t *testing.T) {
	tests := []struct {
		name string
		text string
		want deviations
		errs []string // substrings, in order
	}{
		{
			name: "rows, header, separator and other tables",
			text: "# Title\n\n| KICS query | where | kind | reason |\n|---|---|---|---|\n" +
				"| q1 | `positive.yaml:3`, positive2.yaml:4 | miss | a reason |\n" +
				"| `q2` | negative.yaml:7 | fires | pipes \\| inside |\n\n" +
				"| query | why not mapped |\n|---|---|\n| q3 | prose |\n",
			want: deviations{
				{"q1", "positive.yaml", 3, miss}:  "a reason",
				{"q1", "positive2.yaml", 4, miss}: "a reason",
				{"q2", "negative.yaml", 7, fires}: "pipes | inside",
			},
		},
		{
			name: "bad kind",
			text: "| q | p.yaml:1 | skip | r |\n",
			want: deviations{},
			errs: []string{`line 1: kind "skip"`},
		},
		{
			name: "no reason, bad place, repeated place",
			text: "| q | p.yaml:1 | miss |  |\n| q | p.yaml | miss | r |\n| q | p.yaml:0 | miss | r |\n| q | p.yaml:1 | miss | again |\n",
			want: deviations{{"q", "p.yaml", 1, miss}: "again"},
			errs: []string{"line 1: deviation without a reason", `line 2: "p.yaml" is not file:line`, `line 3: "p.yaml:0" is not file:line`, "line 4: q p.yaml:1 (miss) is listed twice"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := parseDeviations(tt.text)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("deviations = %v, want %v", got, tt.want)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors = %v, want %d", errs, len(tt.errs))
			}
			for i, err := range errs {
				if !strings.Contains(err.Error(), tt.errs[i]) {
					t.Errorf("error %d = %q, want it to contain %q", i, err, tt.errs[i])
				}
			}
		})
	}
}

// fakeIndex has one query with two expectations at line 3 of positive.yaml
// (counted once), one at line 9, and a negative.
var fakeIndex = map[string]kicsQuery{"q": {
	QueryDir:  "q",
	Positives: []string{"positive.yaml"},
	Negatives: []string{"negative.yaml"},
	Expected: []struct {
		File string `json:"file"`
		Line int    `json:"line"`
	}{{"positive.yaml", 9}, {"positive.yaml", 3}, {"positive.yaml", 3}},
}}

func TestEvaluate(t *testing.T) {
	a, b := &rule.Rule{ID: "R1"}, &rule.Rule{ID: "R2"}
	// R1 reports lines 2-4 of the positive and line 5 of the negative; R2
	// reports line 9 of the positive.
	scan := func(_, file string, rules []*rule.Rule) []finding.Range {
		var out []finding.Range
		for _, r := range rules {
			switch {
			case r == a && file == "positive.yaml":
				out = append(out, finding.Range{StartLine: 2, EndLine: 4})
			case r == a && file == "negative.yaml":
				out = append(out, finding.Range{StartLine: 5}, finding.Range{StartLine: 5})
			case r == b && file == "positive.yaml":
				out = append(out, finding.Range{StartLine: 9})
			}
		}
		return out
	}
	tests := []struct {
		name         string
		together     bool
		dev          deviations
		rows         []string
		undocumented []string
		stale        []string
	}{
		{
			name:     "together in catalogue order, fire documented, stale rows",
			together: true,
			dev: deviations{
				{"q", "negative.yaml", 5, fires}:  "r",
				{"q", "positive.yaml", 1, miss}:   "stale",
				{"q", "negative.yaml", 5, "miss"}: "wrong kind",
			},
			rows:  []string{"q R2,R1 2/2 neg 0/1 fires negative.yaml:5 (deviation)"},
			stale: []string{"q negative.yaml:5 (miss)", "q positive.yaml:1 (miss)"},
		},
		{
			name: "alone, misses undocumented",
			dev:  deviations{{"q", "positive.yaml", 9, miss}: "r"},
			rows: []string{
				"q R1 1/2 neg 0/1 miss positive.yaml:9 (deviation) fires negative.yaml:5 (UNDOCUMENTED)",
				"q R2 1/2 neg 1/1 miss positive.yaml:3 (UNDOCUMENTED)",
			},
			undocumented: []string{"R1 fires on negative q/negative.yaml:5", "R2 misses q/positive.yaml:3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Suite{Platform: "k8s", Rules: []*rule.Rule{b, a}, Together: tt.together}
			for _, r := range s.Rules {
				r.Equivalents.KICS = []string{"q", "unknown"}
			}
			groups, unknown := s.groups(fakeIndex)
			if len(unknown) != 2 {
				t.Errorf("unknown = %v, want two", unknown)
			}
			res := evaluate(groups, fakeIndex, tt.dev, scan)
			var rows []string
			for _, rw := range res.rows {
				rows = append(rows, fmt.Sprintf("%s %s %d/%d neg %d/%d %s", rw.query, rw.rules, rw.hit, rw.expected, rw.negClean, rw.negatives, strings.Join(rw.notes, " ")))
			}
			if !slices.Equal(rows, tt.rows) {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(tt.rows, "\n"))
			}
			if !slices.Equal(res.undocumented, tt.undocumented) {
				t.Errorf("undocumented = %q, want %q", res.undocumented, tt.undocumented)
			}
			if stale := tt.dev.unused(res.used); !slices.Equal(stale, tt.stale) {
				t.Errorf("stale = %q, want %q", stale, tt.stale)
			}
			if table := res.table(0.9, "dev.md"); !strings.Contains(table, "raw: hit") {
				t.Errorf("table has no raw rate line:\n%s", table)
			}
		})
	}
}

// TestReadIndexCommon: the common queries join a platform's queries cut
// down to the samples of its file kind, with the expectations of the
// positives kept; a common query left with no positive is dropped.
func TestReadIndexCommon(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("common/secrets/positive1.dockerfile", "FROM a\nARG password=x\n")
	write("common/secrets/positive2.yaml", "services:\n  db:\n    image: postgres\n")
	write("common/secrets/positive3.yaml", "apiVersion: v1\nkind: Secret\n")
	write("common/secrets/negative1.yaml", "services:\n  db:\n    image: postgres\n")
	write("index.json", `[
 {"platform": "dockerCompose", "query_dir": "own", "positives": ["p.yaml"], "expected": [{"file": "p.yaml", "line": 1}]},
 {"platform": "common", "query_dir": "secrets",
  "positives": ["positive1.dockerfile", "positive2.yaml", "positive3.yaml"], "negatives": ["negative1.yaml"],
  "expected": [{"file": "positive1.dockerfile", "line": 2}, {"file": "positive2.yaml", "line": 3}, {"file": "positive3.yaml", "line": 2}]}
]`)
	got, err := readIndex(filepath.Join(dir, "index.json"), "dockerCompose", ComposeSamples)
	if err != nil {
		t.Fatal(err)
	}
	sec, ok := got["secrets"]
	if !ok || len(got) != 2 {
		t.Fatalf("queries %v, want own and secrets", got)
	}
	if !slices.Equal(sec.Positives, []string{"positive2.yaml"}) || !slices.Equal(sec.Negatives, []string{"negative1.yaml"}) ||
		len(sec.Expected) != 1 || sec.Expected[0].File != "positive2.yaml" || sec.dir != filepath.Join(dir, "common", "secrets") {
		t.Errorf("secrets cut to %+v", sec)
	}
	got, err = readIndex(filepath.Join(dir, "index.json"), "dockerfile", nil)
	if err != nil || len(got) != 0 {
		t.Errorf("without Common: %v, %v; want no query", got, err)
	}
	got, err = readIndex(filepath.Join(dir, "index.json"), "k8s", func(name string, _ []byte) bool { return name == "none" })
	if err != nil || len(got) != 0 {
		t.Errorf("no positive picked: %v, %v; want the common query dropped", got, err)
	}
}
