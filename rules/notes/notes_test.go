package notes

import (
	"regexp"
	"strings"
	"testing"
)

// Hub is the note that links every other note.
const hub = "container-security"

var wantSlugs = []string{
	"artifact-integrity", "base-image-trust", "build-context-and-drift",
	"container-security", "debug-surface", "image-scanning", "least-privilege",
	"network-exposure", "runtime-hardening", "secrets", "supply-chain-and-integrity",
}

func TestSlugs(t *testing.T) {
	if got := strings.Join(Slugs(), " "); got != strings.Join(wantSlugs, " ") {
		t.Errorf("Slugs() = %s\nwant      %s", got, strings.Join(wantSlugs, " "))
	}
}

func TestLookupAndTitle(t *testing.T) {
	for _, bad := range []string{"", "nope", "../notes", "secrets.md", "a/b"} {
		if _, ok := Lookup(bad); ok {
			t.Errorf("Lookup(%q) found a note", bad)
		}
		if Title(bad) != "" {
			t.Errorf("Title(%q) = %q, want empty", bad, Title(bad))
		}
	}
	if got := Title("secrets"); got != "Secrets" {
		t.Errorf(`Title("secrets") = %q, want "Secrets"`, got)
	}
}

var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

func TestNotesAreComplete(t *testing.T) {
	for _, slug := range Slugs() {
		text, _ := Lookup(slug)
		lines := strings.Split(text, "\n")
		if !strings.HasPrefix(lines[0], "# ") || Title(slug) == "" {
			t.Errorf("%s: first line must be the '# ' title, got %q", slug, lines[0])
		}
		if !strings.Contains(text, "In one sentence") {
			t.Errorf("%s: no \"In one sentence\" line", slug)
		}
		if !strings.Contains(text, "\n## References\n") {
			t.Errorf("%s: no \"## References\" section", slug)
		}
		if words := len(strings.Fields(text)); words < 300 || words > 700 {
			t.Errorf("%s: %d words, want 300–700", slug, words)
		}
	}
}

func TestLinksResolve(t *testing.T) {
	linked := map[string]bool{}
	for _, slug := range Slugs() {
		text, _ := Lookup(slug)
		for _, m := range mdLink.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "#") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			name, ok := strings.CutSuffix(target, ".md")
			if !ok {
				t.Errorf("%s: relative link %q is not a note (.md)", slug, m[1])
				continue
			}
			if _, found := Lookup(name); !found {
				t.Errorf("%s: link %q does not resolve", slug, m[1])
			}
			if slug == hub {
				linked[name] = true
			}
		}
	}
	for _, slug := range Slugs() {
		if slug != hub && !linked[slug] {
			t.Errorf("hub %s.md does not link %s.md", hub, slug)
		}
	}
}
