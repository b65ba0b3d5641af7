package dockerfile_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/dockerfile"
)

// kicsQuery is one entry of ../shared/conformance/kics/index.json.
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

// kicsDeviation is one documented difference from KICS, read from
// testdata/kics-deviations.md.
type kicsDeviation struct {
	Query, File string
	Line        int
	Kind        string // "miss" (expected line not reported) or "fires" (negative reported)
	Reason      string
}

func (d kicsDeviation) key() string {
	return fmt.Sprintf("%s|%s|%d|%s", d.Query, d.File, d.Line, d.Kind)
}

// kicsRoot returns <repo root>/../shared/conformance/kics, or "" when absent.
func kicsRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
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
	root := filepath.Join(dir, "..", "shared", "conformance", "kics")
	if _, err := os.Stat(filepath.Join(root, "index.json")); err != nil {
		return ""
	}
	return root
}

// readDeviations parses the table rows of kics-deviations.md:
//
//	| query | file:line | miss or fires | reason |
func readDeviations(t *testing.T, path string) map[string]kicsDeviation {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("read deviations: %v", err)
	}
	defer f.Close()
	out := map[string]kicsDeviation{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "|") {
			continue
		}
		// `\|` is a pipe inside a cell, as in GitHub's markdown tables.
		cells := strings.Split(strings.Trim(strings.ReplaceAll(line, `\|`, "\x00"), "|"), "|")
		if len(cells) != 4 {
			continue
		}
		for i := range cells {
			cells[i] = strings.ReplaceAll(strings.Trim(strings.TrimSpace(cells[i]), "`"), "\x00", "|")
		}
		file, lineNo, ok := strings.Cut(cells[1], ":")
		ln, err := strconv.Atoi(lineNo)
		if !ok || err != nil {
			continue // header or separator row
		}
		d := kicsDeviation{Query: cells[0], File: file, Line: ln, Kind: cells[2], Reason: cells[3]}
		if (d.Kind != "miss" && d.Kind != "fires") || d.Reason == "" {
			t.Errorf("%s:%d: a deviation needs kind miss or fires and a reason", path, n)
			continue
		}
		out[d.key()] = d
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read deviations: %v", err)
	}
	return out
}

// scanSample runs r alone over one KICS sample (copied as Dockerfile) and
// returns the lines it reported.
func scanSample(t *testing.T, sample string, r *rule.Rule) map[int]bool {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatalf("read sample: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), data, 0o644); err != nil {
		t.Fatalf("write sample: %v", err)
	}
	lines := map[int]bool{}
	for _, f := range linttest.Scan(t, dir, []*rule.Rule{r}).Findings {
		if f.RuleID == r.ID {
			lines[f.Range.StartLine] = true
		}
	}
	return lines
}

// TestKICSConformance runs every rule that lists a KICS Dockerfile query in
// its Equivalents over that query's samples: each expected (file, line)
// must be reported by the rule and negatives must stay clean, except for
// the deviations documented, with their reason, in
// testdata/kics-deviations.md. Repeated expectations at one line count once.
func TestKICSConformance(t *testing.T) {
	root := kicsRoot(t)
	if root == "" {
		t.Skip("KICS conformance corpus not found at <repo>/../shared/conformance/kics; skipping")
	}
	raw, err := os.ReadFile(filepath.Join(root, "index.json"))
	if err != nil {
		t.Fatalf("read index: %v", err)
	}
	var index []kicsQuery
	if err := json.Unmarshal(raw, &index); err != nil {
		t.Fatalf("parse index: %v", err)
	}
	queries := map[string]kicsQuery{}
	for _, q := range index {
		if q.Platform == "dockerfile" {
			queries[q.QueryDir] = q
		}
	}
	deviations := readDeviations(t, filepath.Join("testdata", "kics-deviations.md"))
	used := map[string]bool{}

	type row struct {
		query, rule      string
		expected, hit    int
		excused, fires   int
		unexcusedFailure []string
	}
	var rows []row
	total, hits, excused := 0, 0, 0
	var failures []string
	for _, r := range dockerfile.Rules() {
		for _, qname := range r.Equivalents.KICS {
			q, ok := queries[qname]
			if !ok {
				t.Errorf("%s lists KICS query %q, which has no Dockerfile samples", r.ID, qname)
				continue
			}
			rw := row{query: qname, rule: r.ID}
			dir := filepath.Join(root, "dockerfile", qname)
			want := map[string]map[int]bool{}
			for _, e := range q.Expected {
				if want[e.File] == nil {
					want[e.File] = map[int]bool{}
				}
				want[e.File][e.Line] = true
			}
			files := append([]string(nil), q.Positives...)
			sort.Strings(files)
			for _, file := range files {
				got := scanSample(t, filepath.Join(dir, file), r)
				lines := make([]int, 0, len(want[file]))
				for l := range want[file] {
					lines = append(lines, l)
				}
				sort.Ints(lines)
				for _, l := range lines {
					rw.expected++
					if got[l] {
						rw.hit++
						continue
					}
					d := kicsDeviation{Query: qname, File: file, Line: l, Kind: "miss"}
					if _, ok := deviations[d.key()]; ok {
						used[d.key()] = true
						rw.excused++
						continue
					}
					rw.unexcusedFailure = append(rw.unexcusedFailure, fmt.Sprintf("miss %s:%d", file, l))
				}
			}
			negs := append([]string(nil), q.Negatives...)
			sort.Strings(negs)
			for _, file := range negs {
				got := scanSample(t, filepath.Join(dir, file), r)
				for l := range got {
					rw.fires++
					d := kicsDeviation{Query: qname, File: file, Line: l, Kind: "fires"}
					if _, ok := deviations[d.key()]; ok {
						used[d.key()] = true
						continue
					}
					failures = append(failures, fmt.Sprintf("%s on %s negative %s:%d fires (not in kics-deviations.md)", r.ID, qname, file, l))
				}
			}
			total += rw.expected
			hits += rw.hit
			excused += rw.excused
			rows = append(rows, rw)
		}
	}
	if total == 0 {
		t.Skip("no rule lists a KICS Dockerfile query yet")
	}

	var b strings.Builder
	fmt.Fprintf(&b, "\n%-58s %-6s %8s %4s %7s %s\n", "KICS query", "rule", "expected", "hit", "excused", "negatives")
	for _, rw := range rows {
		neg := "clean"
		if rw.fires > 0 {
			neg = fmt.Sprintf("%d fire(s)", rw.fires)
		}
		fmt.Fprintf(&b, "%-58s %-6s %8d %4d %7d %s", rw.query, rw.rule, rw.expected, rw.hit, rw.excused, neg)
		if len(rw.unexcusedFailure) > 0 {
			fmt.Fprintf(&b, "  [%s]", strings.Join(rw.unexcusedFailure, ", "))
		}
		b.WriteByte('\n')
	}
	rate := float64(hits) / float64(total)
	judged := total - excused
	effective := 1.0
	if judged > 0 {
		effective = float64(hits) / float64(judged)
	}
	fmt.Fprintf(&b, "hit rate %d/%d = %.1f%%; without the %d documented misses %d/%d = %.1f%%\n",
		hits, total, 100*rate, excused, hits, judged, 100*effective)
	t.Log(b.String())

	for k, d := range deviations {
		if !used[k] {
			t.Logf("kics-deviations.md: %s %s:%d (%s) no longer occurs or its rule is absent", d.Query, d.File, d.Line, d.Kind)
		}
	}
	for _, f := range failures {
		t.Error(f)
	}
	if effective < 0.95 {
		t.Errorf("KICS hit rate without documented misses is %.1f%%, below 95%%", 100*effective)
	}
}
