package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	df "github.com/stevedore-dev/stevedore/rules/dockerfile"
)

func run(t *testing.T, r *rule.Rule, path string, data []byte) []finding.Finding {
	f, err := dockerfile.Parse(path, data, dockerfile.Options{})
	if err != nil {
		t.Fatalf("parse %s: %v\n%s", path, err, data)
	}
	var out []finding.Finding
	p := rule.NewPass(r, path, &rule.Options{}, func(f finding.Finding) { out = append(out, f) })
	p.Dockerfile = f
	r.Check(p)
	return out
}

func apply(data []byte, edits []finding.Edit) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	sort.Slice(edits, func(i, j int) bool { return edits[i].StartLine > edits[j].StartLine })
	for _, e := range edits {
		lines = append(lines[:e.StartLine-1], append([]string{e.NewText}, lines[e.EndLine:]...)...)
	}
	return []byte(strings.Join(lines, ""))
}

func TestFixes(t *testing.T) {
	n := 0
	for _, r := range []*rule.Rule{df.DF041, df.DF043} {
		files, _ := filepath.Glob(filepath.Join("..", r.ID, "*Dockerfile"))
		for _, path := range files {
			data, _ := os.ReadFile(path)
			for _, fd := range run(t, r, path, data) {
				if fd.Fix == nil {
					continue
				}
				n++
				fixed := apply(data, fd.Fix.Edits)
				for _, g := range run(t, r, path, fixed) {
					if g.Location == fd.Location && g.Range.StartLine == fd.Range.StartLine {
						t.Errorf("%s:%d fix %q did not remove the finding", path, fd.Range.StartLine, fd.Fix.Description)
					}
				}
				t.Logf("%s:%d %s: %q", path, fd.Range.StartLine, fd.Fix.Description, fd.Fix.Edits[0].NewText)
			}
		}
	}
	t.Logf("%d fixes checked", n)
}
