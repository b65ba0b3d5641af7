package compose

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// kicsQuery is one entry of shared/conformance/kics/index.json.
type kicsQuery struct {
	Platform  string   `json:"platform"`
	QueryDir  string   `json:"query_dir"`
	Positives []string `json:"positives"`
	Negatives []string `json:"negatives"`
	Expected  []struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"expected"`
}

// The outcome of one KICS expectation.
const (
	outcomeHit    = "hit"         // reported at the expected line
	outcomeParent = "parent-line" // reported inside the block of the key KICS points at
	outcomeMiss   = "miss"
)

// sharedDir returns <repo root>/../shared, or "" when absent.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	shared := filepath.Join(filepath.Dir(dir), "shared")
	if _, err := os.Stat(filepath.Join(shared, "conformance", "kics", "index.json")); err != nil {
		return ""
	}
	return shared
}

// TestKICSConformance runs every rule that lists a KICS dockerCompose query
// in its equivalents over that query's samples, one sample at a time: each
// expected (file, line) must be reported, or be a deviation documented in
// testdata/kics-deviations.md; negative samples must be clean.
func TestKICSConformance(t *testing.T) {
	shared := sharedDir(t)
	if shared == "" {
		t.Skip("../shared/conformance/kics not found next to the repository: KICS conformance skipped")
	}
	data, err := os.ReadFile(filepath.Join(shared, "conformance", "kics", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var index []kicsQuery
	if err := json.Unmarshal(data, &index); err != nil {
		t.Fatalf("parse index.json: %v", err)
	}
	byQuery := map[string][]*rule.Rule{}
	for _, r := range Rules() {
		for _, q := range r.Equivalents.KICS {
			byQuery[q] = append(byQuery[q], r)
		}
	}

	documented := readDeviations(t)
	found := map[string]string{}
	total, hits, parents := 0, 0, 0
	var table []string
	for _, q := range index {
		rules := byQuery[q.QueryDir]
		if q.Platform != "dockerCompose" || len(rules) == 0 {
			continue
		}
		dir := filepath.Join(shared, "conformance", "kics", "dockerCompose", q.QueryDir)
		ids := ruleIDs(rules)
		got := map[string][]int{}
		for _, f := range q.Positives {
			got[f] = scanSample(t, filepath.Join(dir, f), rules)
		}
		qHit := 0
		for _, e := range q.Expected {
			total++
			outcome := judge(t, filepath.Join(dir, e.File), e.Line, got[e.File])
			switch outcome {
			case outcomeHit:
				hits++
				qHit++
			default:
				if outcome == outcomeParent {
					parents++
				}
				found[fmt.Sprintf("%s/%s:%d", q.QueryDir, e.File, e.Line)] = outcome
			}
		}
		clean := 0
		for _, f := range q.Negatives {
			if lines := scanSample(t, filepath.Join(dir, f), rules); len(lines) == 0 {
				clean++
			} else {
				t.Errorf("%s: negative sample %s reported by %s at lines %v", q.QueryDir, f, ids, lines)
			}
		}
		table = append(table, fmt.Sprintf("%-46s %-12s %8d %4d %9d/%d", q.QueryDir, ids, len(q.Expected), qHit, clean, len(q.Negatives)))
	}

	t.Logf("%-46s %-12s %8s %4s %11s", "KICS query", "rules", "expected", "hit", "neg. clean")
	for _, row := range table {
		t.Log(row)
	}
	if total == 0 {
		t.Fatal("no KICS dockerCompose query is mapped by a rule")
	}
	t.Logf("exact-line rate: %d/%d = %.1f%%; with parent-line deviations (same finding, on the precise child line): %d/%d = %.1f%%",
		hits, total, pct(hits, total), hits+parents, total, pct(hits+parents, total))

	for key, outcome := range found {
		if documented[key] != outcome {
			t.Errorf("%s: %s, but testdata/kics-deviations.md says %q", key, outcome, documented[key])
		}
	}
	for key, outcome := range documented {
		if _, ok := found[key]; !ok {
			t.Errorf("%s: documented as %s in testdata/kics-deviations.md but now hit exactly: remove the entry", key, outcome)
		}
	}
}

func pct(n, d int) float64 { return 100 * float64(n) / float64(d) }

func ruleIDs(rules []*rule.Rule) string {
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ",")
}

// scanSample lints one KICS sample alone (copied as compose.yaml, so that
// discovery does not depend on its content) and returns the lines the rules
// reported.
func scanSample(t *testing.T, sample string, rules []*rule.Rule) []int {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "compose.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, r := range rules {
		want[r.ID] = true
	}
	var lines []int
	for _, f := range linttest.Scan(t, dir, rules).Findings {
		if want[f.RuleID] {
			lines = append(lines, f.Range.StartLine)
		}
	}
	slices.Sort(lines)
	return lines
}

// judge classifies one expectation: a finding on its line; a finding inside
// the block of the key on its line (KICS points at `cap_add:` or `ports:`,
// stevedore at the list item that causes the finding); or none.
func judge(t *testing.T, sample string, line int, got []int) string {
	t.Helper()
	if slices.Contains(got, line) {
		return outcomeHit
	}
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for _, g := range got {
		if inBlock(lines, line, g) {
			return outcomeParent
		}
	}
	return outcomeMiss
}

// inBlock reports whether 1-based line child lies in the block value of the
// key on line key: every line between is blank, a comment, more indented,
// or a sequence item at the key's indentation.
func inBlock(lines []string, key, child int) bool {
	if key < 1 || child <= key || child > len(lines) {
		return false
	}
	base := len(indentOf(lines[key-1]))
	for i := key; i < child; i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		ind := len(indentOf(l))
		if ind > base || ind == base && strings.HasPrefix(t, "- ") {
			continue
		}
		return false
	}
	return true
}

var deviationRow = regexp.MustCompile("^\\|\\s*`?([a-z0-9_]+/[A-Za-z0-9_.]+:[0-9]+)`?\\s*\\|\\s*(parent-line|miss)\\s*\\|")

// readDeviations parses the deviation table of testdata/kics-deviations.md:
// rows "| query/file:line | parent-line or miss | reason |".
func readDeviations(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "kics-deviations.md"))
	if err != nil {
		t.Fatalf("read deviations: %v", err)
	}
	out := map[string]string{}
	for _, l := range strings.Split(string(data), "\n") {
		if m := deviationRow.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			out[m[1]] = m[2]
		}
	}
	return out
}
