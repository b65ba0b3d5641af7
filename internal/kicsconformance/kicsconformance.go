// Package kicsconformance measures rules against KICS's own samples
// (<repo root>/../shared/conformance/kics) for the conformance tests of
// rules/dockerfile, rules/compose and rules/kube.
//
// Every rule that lists a KICS query of the suite's platform in
// Equivalents.KICS runs over that query's samples, one sample at a time. An
// expected (file, line) of KICS — repeated expectations at one line count
// once — is a hit when a finding of the rule covers the line (the line lies
// within its range). The raw hit rate (hits over expected lines; documented
// misses count as misses) must reach the suite's floor.
//
// The places where a rule knowingly disagrees with KICS are the rows of a
// markdown table in the suite's deviations file:
//
//	| KICS query | where | kind | reason |
//	|---|---|---|---|
//	| some_query | positive.yaml:12, positive2.yaml:4 | miss | why the rule does not report these lines |
//	| some_query | negative.yaml:7 | fires | why the rule reports this line of a negative sample |
//
// A miss or a firing negative line without a row fails the test, and so
// does a row that no longer describes one (a stale row). Tables with other
// columns (a list of unmapped queries, say) are prose and are ignored.
package kicsconformance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/source"
	"github.com/stevedore-dev/stevedore/internal/testenv"
)

// Suite is one platform's conformance test.
type Suite struct {
	// Platform is the platform of index.json and the folder of its samples
	// under kics/: "dockerfile", "dockerCompose" or "k8s".
	Platform string
	// Rules are the catalogue whose KICS equivalents are measured.
	Rules []*rule.Rule
	// SampleName is the name a sample is copied as before the scan (so that
	// discovery does not depend on KICS's file names); "" keeps its own.
	SampleName string
	// Together scores the rules that list the same query as one row, run
	// together, for a query that several narrower rules split between them.
	// Otherwise each rule runs alone and is scored on its own row.
	Together bool
	// Floor is the raw hit rate (0 to 1) below which the test fails.
	Floor float64
	// Deviations is the path of the deviations file.
	Deviations string
	// Common picks, by file name and content, the samples of this suite's
	// file kind among those of KICS's cross-platform queries (the folder
	// common/, passwords_and_secrets), which then count like the
	// platform's own queries. Nil leaves the common queries out.
	Common func(name string, data []byte) bool
}

// kicsQuery is one entry of index.json.
type kicsQuery struct {
	Platform  string   `json:"platform"`
	QueryDir  string   `json:"query_dir"`
	Positives []string `json:"positives"`
	Negatives []string `json:"negatives"`
	Expected  []struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"expected"`
	// dir is the folder of the query's samples.
	dir string
}

// Run runs the suite, logs its table and raw rate, and fails t on an
// undocumented miss or firing negative, a stale deviation row, a rule that
// lists a query without samples, and a rate below the floor. It skips when
// the shared samples are absent.
func Run(t *testing.T, s Suite) {
	t.Helper()
	index := testenv.Shared(t, "conformance", "kics", "index.json")
	queries, err := readIndex(index, s.Platform, s.Common)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(s.Deviations)
	if err != nil {
		t.Fatalf("read deviations: %v", err)
	}
	dev, errs := parseDeviations(string(data))
	for _, err := range errs {
		t.Errorf("%s: %v", s.Deviations, err)
	}
	groups, unknown := s.groups(queries)
	for _, u := range unknown {
		t.Error(u)
	}
	if len(groups) == 0 {
		t.Fatalf("no rule lists a KICS %s query", s.Platform)
	}
	scan := func(query, file string, rules []*rule.Rule) []finding.Range {
		return scanSample(t, filepath.Join(queries[query].dir, file), s.SampleName, rules)
	}
	res := evaluate(groups, queries, dev, scan)

	t.Log(res.table(s.Floor, s.Deviations))
	for _, u := range res.undocumented {
		t.Errorf("%s, and %s has no row for it", u, s.Deviations)
	}
	for _, d := range dev.unused(res.used) {
		t.Errorf("%s: stale row %s: the rule reports that expected line, or is clean on that negative line, or does not list that query (remove it)", s.Deviations, d)
	}
	if rate := res.rate(); rate < s.Floor {
		t.Errorf("raw KICS hit rate %.1f%% (%d of %d expected lines) is below %.1f%%; documented deviations do not count as met",
			100*rate, res.hit, res.expected, 100*s.Floor)
	}
}

// commonPlatform is the index's platform of KICS's cross-platform queries.
const commonPlatform = "common"

// readIndex reads index.json and returns the queries of platform by name,
// plus, when common is not nil, the common queries cut down to the samples
// common picks (queries left with no positive sample are dropped).
func readIndex(path, platform string, common func(name string, data []byte) bool) (map[string]kicsQuery, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read KICS index: %w", err)
	}
	var all []kicsQuery
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	out := map[string]kicsQuery{}
	for _, q := range all {
		q.dir = filepath.Join(filepath.Dir(path), q.Platform, q.QueryDir)
		switch {
		case q.Platform == platform:
			out[q.QueryDir] = q
		case q.Platform == commonPlatform && common != nil:
			picked, err := pickSamples(q, common)
			if err != nil {
				return nil, err
			}
			if len(picked.Positives) > 0 {
				out[q.QueryDir] = picked
			}
		}
	}
	return out, nil
}

// pickSamples keeps the samples of q that keep accepts, and the
// expectations in the positives kept.
func pickSamples(q kicsQuery, keep func(name string, data []byte) bool) (kicsQuery, error) {
	filter := func(files []string) ([]string, error) {
		var out []string
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(q.dir, f))
			if err != nil {
				return nil, fmt.Errorf("read KICS sample: %w", err)
			}
			if keep(f, data) {
				out = append(out, f)
			}
		}
		return out, nil
	}
	var err error
	if q.Positives, err = filter(q.Positives); err != nil {
		return q, err
	}
	if q.Negatives, err = filter(q.Negatives); err != nil {
		return q, err
	}
	expected := q.Expected[:0:0]
	for _, e := range q.Expected {
		if slices.Contains(q.Positives, e.File) {
			expected = append(expected, e)
		}
	}
	q.Expected = expected
	return q, nil
}

// group is the rules scored together on one query.
type group struct {
	query string
	rules []*rule.Rule
}

func (g group) ids() string {
	ids := make([]string, len(g.rules))
	for i, r := range g.rules {
		ids[i] = r.ID
	}
	return strings.Join(ids, ",")
}

// groups lists what the suite scores, sorted by rule IDs then query, and
// the queries rules list that have no samples.
func (s Suite) groups(queries map[string]kicsQuery) (out []group, unknown []string) {
	at := map[string]int{}
	for _, r := range s.Rules {
		for _, q := range r.Equivalents.KICS {
			if _, ok := queries[q]; !ok {
				unknown = append(unknown, fmt.Sprintf("%s lists KICS query %q, which has no %s samples", r.ID, q, s.Platform))
				continue
			}
			if i, ok := at[q]; ok && s.Together {
				out[i].rules = append(out[i].rules, r)
				continue
			}
			at[q] = len(out)
			out = append(out, group{query: q, rules: []*rule.Rule{r}})
		}
	}
	slices.SortStableFunc(out, func(a, b group) int {
		if c := strings.Compare(a.ids(), b.ids()); c != 0 {
			return c
		}
		return strings.Compare(a.query, b.query)
	})
	return out, unknown
}

// scanSample copies one sample into a temporary folder (as name, when not
// empty) and returns the normalized ranges rules reported there.
func scanSample(t *testing.T, sample, name string, rules []*rule.Rule) []finding.Range {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatalf("read sample: %v", err)
	}
	if name == "" {
		name = filepath.Base(sample)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatalf("write sample: %v", err)
	}
	ids := map[string]bool{}
	for _, r := range rules {
		ids[r.ID] = true
	}
	var out []finding.Range
	for _, f := range linttest.Scan(t, dir, rules).Findings {
		if ids[f.RuleID] {
			out = append(out, f.Range.Normalize())
		}
	}
	return out
}

// row is one group's score.
type row struct {
	query, rules        string
	expected, hit       int
	negatives, negClean int
	notes               []string // misses and firing negative lines, marked
}

// result is a suite's score.
type result struct {
	rows          []row
	expected, hit int
	undocumented  []string
	used          map[place]bool
}

// evaluate scores every group with scan, checking misses and firing
// negatives against dev.
func evaluate(groups []group, queries map[string]kicsQuery, dev deviations, scan func(query, file string, rules []*rule.Rule) []finding.Range) result {
	res := result{used: map[place]bool{}}
	note := func(rw *row, p place, ids string) {
		mark := " (deviation)"
		if _, ok := dev[p]; ok {
			res.used[p] = true
		} else {
			mark = " (UNDOCUMENTED)"
			what := "misses"
			if p.kind == fires {
				what = "fires on negative"
			}
			res.undocumented = append(res.undocumented, fmt.Sprintf("%s %s %s/%s:%d", ids, what, p.query, p.file, p.line))
		}
		rw.notes = append(rw.notes, fmt.Sprintf("%s %s:%d%s", p.kind, p.file, p.line, mark))
	}
	for _, g := range groups {
		q := queries[g.query]
		rw := row{query: g.query, rules: g.ids()}
		want := map[string][]int{}
		for _, e := range q.Expected {
			if !slices.Contains(want[e.File], e.Line) {
				want[e.File] = append(want[e.File], e.Line)
			}
		}
		files := make([]string, 0, len(want))
		for f := range want {
			files = append(files, f)
		}
		slices.Sort(files)
		for _, file := range files {
			got := scan(g.query, file, g.rules)
			lines := want[file]
			slices.Sort(lines)
			for _, l := range lines {
				rw.expected++
				if covers(got, l) {
					rw.hit++
					continue
				}
				note(&rw, place{g.query, file, l, miss}, rw.rules)
			}
		}
		negs := slices.Sorted(slices.Values(q.Negatives))
		for _, file := range negs {
			rw.negatives++
			lines := startLines(scan(g.query, file, g.rules))
			if len(lines) == 0 {
				rw.negClean++
			}
			for _, l := range lines {
				note(&rw, place{g.query, file, l, fires}, rw.rules)
			}
		}
		res.expected += rw.expected
		res.hit += rw.hit
		res.rows = append(res.rows, rw)
	}
	return res
}

// rate is the raw hit rate, 0 when nothing is expected.
func (r result) rate() float64 {
	return float64(r.hit) / float64(max(r.expected, 1))
}

// table renders the rows and the raw rate line.
func (r result) table(floor float64, devPath string) string {
	var b strings.Builder
	b.WriteByte('\n')
	w := tabwriter.NewWriter(&b, 0, 0, 1, ' ', 0)
	fmt.Fprintln(w, "KICS query\trule\texpected\thit\tneg clean\t misses / negative lines that fire")
	for _, rw := range r.rows {
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d/%d\t %s\n", rw.query, rw.rules, rw.expected, rw.hit, rw.negClean, rw.negatives, strings.Join(rw.notes, ", "))
	}
	w.Flush()
	fmt.Fprintf(&b, "raw: hit %d of %d expected lines at KICS's line (%.1f%%, floor %.1f%%, target 95%%); %d missed, each listed in %s\n",
		r.hit, r.expected, 100*r.rate(), 100*floor, r.expected-r.hit, devPath)
	return b.String()
}

// covers reports whether one of ranges covers line n.
func covers(ranges []finding.Range, n int) bool {
	return slices.ContainsFunc(ranges, func(r finding.Range) bool { return r.Contains(n) })
}

// startLines lists the distinct start lines of ranges, sorted.
func startLines(ranges []finding.Range) []int {
	var out []int
	for _, r := range ranges {
		if !slices.Contains(out, r.StartLine) {
			out = append(out, r.StartLine)
		}
	}
	slices.Sort(out)
	return out
}

// Kinds of deviation.
const (
	miss  = "miss"  // an expected line the rule does not report
	fires = "fires" // a line of a negative sample the rule reports
)

// place is one line a deviation row explains.
type place struct {
	query, file string
	line        int
	kind        string
}

func (p place) String() string { return fmt.Sprintf("%s %s:%d (%s)", p.query, p.file, p.line, p.kind) }

// deviations maps each documented place to its reason.
type deviations map[place]string

// unused lists the places of d that used does not have, sorted.
func (d deviations) unused(used map[place]bool) []string {
	var out []string
	for p := range d {
		if !used[p] {
			out = append(out, p.String())
		}
	}
	slices.Sort(out)
	return out
}

// parseDeviations reads the four-column rows "| query | file:line, ... |
// miss or fires | reason |" of a deviations file (see the package doc).
// Header and separator rows and tables of other widths are skipped; `\|`
// is a pipe inside a cell and backquotes around a cell are dropped. A row
// without a reason, with another kind, with a place that is not file:line,
// or that repeats a place is an error; the other rows are still read.
func parseDeviations(text string) (deviations, []error) {
	d := deviations{}
	var errs []error
	for n, line := range strings.Split(text, "\n") {
		cells, ok := tableRow(line)
		if !ok || len(cells) != 4 || cells[2] == "kind" || strings.HasPrefix(cells[2], "-") {
			continue
		}
		at := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("line %d: "+format, append([]any{n + 1}, args...)...))
		}
		query, kind, reason := cells[0], cells[2], cells[3]
		if kind != miss && kind != fires {
			at("kind %q: want miss or fires", kind)
			continue
		}
		if reason == "" {
			at("deviation without a reason")
		}
		for _, where := range strings.Split(cells[1], ",") {
			where = strings.Trim(strings.TrimSpace(where), "`")
			file, l, ok := strings.Cut(where, ":")
			ln, err := strconv.Atoi(l)
			if !ok || err != nil || file == "" || ln < 1 {
				at("%q is not file:line", where)
				continue
			}
			p := place{query, file, ln, kind}
			if _, dup := d[p]; dup {
				at("%s is listed twice", p)
			}
			d[p] = reason
		}
	}
	return d, errs
}

// tableRow splits a markdown table row into trimmed cells.
func tableRow(line string) ([]string, bool) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") {
		return nil, false
	}
	line = strings.ReplaceAll(line, `\|`, "\x00")
	cells := strings.Split(strings.Trim(line, "|"), "|")
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(strings.Trim(strings.TrimSpace(c), "`"), "\x00", "|")
	}
	return cells, true
}

// DockerfileSamples picks the Dockerfile samples of a common query (Suite.Common).
func DockerfileSamples(name string, _ []byte) bool {
	return strings.HasSuffix(strings.ToLower(name), ".dockerfile")
}

// ComposeSamples picks the Compose samples of a common query (Suite.Common):
// YAML that discovery would take for a Compose file.
func ComposeSamples(name string, data []byte) bool {
	return source.Sniffed(name) && source.Sniff(data) == source.KindCompose
}

// KubernetesSamples picks the Kubernetes samples of a common query
// (Suite.Common): YAML that discovery would take for Kubernetes (objects and
// kubeconfig files alike).
func KubernetesSamples(name string, data []byte) bool {
	return source.Sniffed(name) && source.Sniff(data) == source.KindKubernetes
}
