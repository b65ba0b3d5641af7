// Package notes embeds the topic notes that group stevedore's rules (least
// privilege, secrets, base image trust, …). Each note is a markdown file
// named by its slug; container-security is the hub that links the others.
package notes

import (
	"embed"
	"sort"
	"strings"
)

//go:embed *.md
var files embed.FS

// Slugs returns the slugs of all notes, sorted: "base-image-trust", ….
func Slugs() []string {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if name := e.Name(); strings.HasSuffix(name, ".md") {
			out = append(out, strings.TrimSuffix(name, ".md"))
		}
	}
	sort.Strings(out)
	return out
}

// Lookup returns the markdown of the note with the given slug.
func Lookup(slug string) (string, bool) {
	if slug == "" || strings.ContainsAny(slug, `/\`) {
		return "", false
	}
	b, err := files.ReadFile(slug + ".md")
	if err != nil {
		return "", false
	}
	return string(b), true
}

// Title returns the note's title, the text of its first "# " line, or ""
// when the note does not exist or has none.
func Title(slug string) string {
	text, ok := Lookup(slug)
	if !ok {
		return ""
	}
	for _, line := range strings.Split(text, "\n") {
		if t, ok := strings.CutPrefix(strings.TrimRight(line, "\r"), "# "); ok {
			return strings.TrimSpace(t)
		}
	}
	return ""
}
