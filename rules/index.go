package rules

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/notes"
)

// Index renders the catalogue as the markdown page docs/rules.md: one table
// per kind with ID, name, severity, title, topic note and equivalents.
func Index() string {
	var b strings.Builder
	b.WriteString("# Rules\n\n<!-- Generated from the catalogue by `go test ./rules -run TestRulesIndexUpToDate -update`. Do not edit. -->\n\n")
	fmt.Fprintf(&b, "%d rules. Each ID links to its page; `stevedore explain ID` prints the same page.\n", len(All()))
	kinds := []struct {
		kind  rule.Kind
		title string
	}{
		{rule.KindDockerfile, "Dockerfile"}, {rule.KindCompose, "Compose"}, {rule.KindKubernetes, "Kubernetes"},
		{rule.KindCrossFile, "Cross-file"}, {rule.KindAny, "Engine (parse errors and suppression audit)"},
	}
	for _, k := range kinds {
		var rs []*rule.Rule
		for _, r := range All() {
			if r.Kind == k.kind {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n| ID | Name | Severity | Title | Topic | Equivalents |\n|---|---|---|---|---|---|\n", k.title)
		for _, r := range rs {
			var eq []string
			for _, t := range r.Equivalents.Tools() {
				eq = append(eq, t[0]+": "+t[1])
			}
			title := r.Title
			if r.DefaultOff {
				title += " (off by default)"
			}
			fmt.Fprintf(&b, "| [%s](../rules/%s) | %s | %s | %s | [%s](../rules/%s) | %s |\n",
				r.ID, r.DocPath(), r.Name, r.Severity, title, notes.Title(r.Note), r.NotePath(), strings.Join(eq, "; "))
		}
	}
	return b.String()
}
