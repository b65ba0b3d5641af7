package compose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/notes"
)

// TestRules runs every rule over its testdata/<ID> folder with only that
// rule enabled and compares the findings with the want markers.
func TestRules(t *testing.T) {
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			linttest.Run(t, filepath.Join("testdata", r.ID), []*rule.Rule{r})
		})
	}
}

// TestCatalogue checks the declarative parts: valid values, a page with
// every section, an existing note, compose kind, and testdata with a want
// for the rule and a negative file.
func TestCatalogue(t *testing.T) {
	rules := Rules()
	if err := rule.Validate(rules); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, s := range notes.Slugs() {
		known[s] = true
	}
	sections := []string{"## What it flags", "## Why it matters", "## Bad", "## Good", "## How to fix", "## When to ignore it", "## References"}
	for _, r := range rules {
		if r.Kind != rule.KindCompose {
			t.Errorf("%s: kind %q, want compose", r.ID, r.Kind)
		}
		if !known[r.Note] {
			t.Errorf("%s: note %q is not in rules/notes", r.ID, r.Note)
		}
		if !strings.HasPrefix(r.Doc, "# "+r.ID+" "+r.Name+"\n") {
			t.Errorf("%s: page must start with %q", r.ID, "# "+r.ID+" "+r.Name)
		}
		for _, s := range sections {
			if !strings.Contains(r.Doc, s) {
				t.Errorf("%s: page lacks %q", r.ID, s)
			}
		}
		if !strings.Contains(r.Doc, "stevedore:ignore "+r.ID) {
			t.Errorf("%s: page does not show how to ignore it", r.ID)
		}
		checkTestdata(t, r.ID)
	}
}

func checkTestdata(t *testing.T, id string) {
	t.Helper()
	dir := filepath.Join("testdata", id)
	hasWant, hasNegative := false, false
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if strings.HasPrefix(filepath.ToSlash(rel), "negative") {
			hasNegative = true // negative.yaml, or a negative/ folder
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, e := range linttest.Expectations(p, data) {
			if e.Rule == id {
				hasWant = true
			}
		}
		return nil
	})
	if err != nil {
		t.Errorf("%s: testdata: %v", id, err)
		return
	}
	if !hasWant {
		t.Errorf("%s: no testdata file wants a finding of it", id)
	}
	if !hasNegative {
		t.Errorf("%s: no negative testdata file", id)
	}
}
