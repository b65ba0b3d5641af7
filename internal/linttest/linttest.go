// Package linttest runs rules over a folder of testdata whose files carry
// their expectations inline, in the spirit of x/tools' analysistest:
//
//	privileged: true   # want "DC001"
//
// on the line of a YAML finding, or, in a Dockerfile (where "#" after an
// instruction is an argument), on a comment line of its own that points
// N lines further down:
//
//	# want +1 "DF001"
//	USER root
//
// Unmatched expectations and unexpected findings both fail the test.
package linttest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	enginerules "github.com/stevedore-dev/stevedore/rules/engine"
)

// Today is the fixed date testdata is judged on.
var Today = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// Expectation is one wanted finding: a rule at a line of a file.
type Expectation struct {
	Path string
	Line int
	Rule string
}

func (e Expectation) String() string { return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Rule) }

var (
	wantRE   = regexp.MustCompile(`#\s*want\s+(\+\d+\s+)?((?:"[^"]+"\s*)+)`)
	quotedRE = regexp.MustCompile(`"([^"]+)"`)
)

// Expectations parses the want markers of one file.
func Expectations(path string, content []byte) []Expectation {
	var out []Expectation
	for i, line := range strings.Split(string(content), "\n") {
		m := wantRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		target := i + 1
		if m[1] != "" {
			n, _ := strconv.Atoi(strings.TrimSpace(m[1][1:]))
			target += n
		}
		for _, q := range quotedRE.FindAllStringSubmatch(m[2], -1) {
			out = append(out, Expectation{Path: path, Line: target, Rule: q[1]})
		}
	}
	return out
}

// Scan runs rules (plus the engine's own audit rules) over dir with the
// folder's .stevedore.yml if present, judged on Today.
func Scan(t testing.TB, dir string, rules []*rule.Rule) *engine.Result {
	t.Helper()
	fsys := os.DirFS(dir)
	cfg, err := config.Find(fsys)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	catalogue := append(append([]*rule.Rule{}, rules...), enginerules.Rules()...)
	var only []string
	for _, r := range catalogue {
		only = append(only, r.ID)
	}
	s, err := engine.New(catalogue, cfg, engine.Options{Today: Today, Only: only, Concurrency: 2})
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	res, err := s.Scan(context.Background(), fsys, ".")
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	return res
}

// Run scans dir with rules and compares the findings with the want markers
// of every file in it.
func Run(t *testing.T, dir string, rules []*rule.Rule) *engine.Result {
	t.Helper()
	res := Scan(t, dir, rules)
	var want []Expectation
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		want = append(want, Expectations(filepath.ToSlash(rel), data)...)
		return nil
	})
	if err != nil {
		t.Fatalf("read testdata: %v", err)
	}
	Compare(t, want, res.Findings)
	return res
}

// Compare fails t for every expectation without a finding and every finding
// without an expectation.
func Compare(t testing.TB, want []Expectation, got []finding.Finding) {
	t.Helper()
	pending := map[Expectation]int{}
	for _, e := range want {
		pending[e]++
	}
	var unexpected []string
	for _, f := range got {
		e := Expectation{Path: f.Path, Line: f.Range.StartLine, Rule: f.RuleID}
		if pending[e] > 0 {
			pending[e]--
			continue
		}
		unexpected = append(unexpected, fmt.Sprintf("%s:%d: unexpected %s: %s", f.Path, f.Range.StartLine, f.RuleID, f.Message))
	}
	var missing []string
	for e, n := range pending {
		for ; n > 0; n-- {
			missing = append(missing, "missing "+e.String())
		}
	}
	sort.Strings(unexpected)
	sort.Strings(missing)
	for _, m := range append(missing, unexpected...) {
		t.Error(m)
	}
}

// RunEach runs every rule alone over its folder testdata/<ID> (relative to
// the test's package) as a subtest, comparing the findings with the want
// comments there.
func RunEach(t *testing.T, rules []*rule.Rule) {
	t.Helper()
	for _, r := range rules {
		t.Run(r.ID, func(t *testing.T) {
			Run(t, filepath.Join("testdata", r.ID), []*rule.Rule{r})
		})
	}
}
