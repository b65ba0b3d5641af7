package rules

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/linttest"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/notes"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md")

// requiredSections are the headings every rule page has, in order.
var requiredSections = []string{
	"## What it flags", "## Why it matters", "## Bad", "## Good", "## How to fix", "## When to ignore it", "## References",
}

func TestCatalogueValid(t *testing.T) {
	if err := rule.Validate(All()); err != nil {
		t.Fatal(err)
	}
}

func TestEveryRuleHasPageNoteAndTestdata(t *testing.T) {
	for _, r := range All() {
		t.Run(r.ID, func(t *testing.T) {
			first := strings.SplitN(r.Doc, "\n", 2)[0]
			if want := "# " + r.ID + " " + r.Name; first != want {
				t.Errorf("page starts with %q, want %q", first, want)
			}
			// The engine's own findings (parse errors, suppression audits)
			// are fixed, not ignored inline.
			shows := strings.Contains(r.Doc, "stevedore:ignore "+r.ID) || strings.Contains(r.Doc, "stevedore:ignore-file "+r.ID) ||
				strings.Contains(r.Doc, `stevedore.dev/ignore: "`+r.ID)
			if r.Kind != rule.KindAny && !shows {
				t.Errorf("page does not show how to ignore it (# stevedore:ignore %s <reason>)", r.ID)
			}
			at := 0
			for _, s := range requiredSections {
				i := strings.Index(r.Doc[at:], "\n"+s)
				if i < 0 {
					t.Errorf("page lacks section %q (in this order: %s)", s, strings.Join(requiredSections, ", "))
					continue
				}
				at += i + 1
			}
			if _, ok := notes.Lookup(r.Note); !ok {
				t.Errorf("topic note %q does not exist in rules/notes", r.Note)
			}
			if _, err := os.Stat(filepath.FromSlash(r.DocPath())); err != nil {
				t.Errorf("page file: %v", err)
			}
			if r.Kind == rule.KindAny {
				return // the engine's own rules are tested in internal/engine
			}
			dir := filepath.Join(filepath.Dir(filepath.FromSlash(r.DocPath())), "testdata", r.ID)
			positive, negative := false, false
			err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				for _, e := range linttest.Expectations(p, data) {
					if e.Rule == r.ID {
						positive = true
					}
				}
				rel, _ := filepath.Rel(dir, p)
				if strings.HasPrefix(d.Name(), "negative") || strings.HasPrefix(rel, "negative") {
					negative = true
				}
				return nil
			})
			if err != nil {
				t.Fatalf("testdata %s: %v", dir, err)
			}
			if !positive {
				t.Errorf("no positive testdata: %s has no file with a want for %s", dir, r.ID)
			}
			if !negative {
				t.Errorf("no negative testdata: %s has no negative* file", dir)
			}
		})
	}
}

// TestRulesIndexUpToDate keeps docs/rules.md in step with the catalogue; run
// `go test ./rules -run TestRulesIndexUpToDate -update` after changing rules.
func TestRulesIndexUpToDate(t *testing.T) {
	got := Index()
	path := filepath.Join("..", "docs", "rules.md")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run: go test ./rules -run TestRulesIndexUpToDate -update)", err)
	}
	if string(want) != got {
		t.Errorf("docs/rules.md is stale; run: go test ./rules -run TestRulesIndexUpToDate -update")
	}
}

var linkRE = regexp.MustCompile(`\]\(([^)#]+)`)

func TestNotesLinkedFromRulesExist(t *testing.T) {
	for _, r := range All() {
		for _, m := range linkRE.FindAllStringSubmatch(r.Doc, -1) {
			target := m[1]
			if strings.Contains(target, "://") {
				continue
			}
			p := filepath.Join(filepath.Dir(filepath.FromSlash(r.DocPath())), filepath.FromSlash(target))
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s: link %q: %v", r.ID, target, err)
			}
		}
	}
}
