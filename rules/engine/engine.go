// Package engine holds the rules the scan engine reports itself: files it
// could not parse or refused, and the audit of suppressions.
package engine

import (
	"embed"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

//go:embed *.md
var pages embed.FS

// The engine's own rules. Their Check is nil: the engine reports them.
var (
	SD001 = &rule.Rule{ID: "SD001", Name: "file-unparsable", Title: "File could not be parsed",
		Severity: finding.Medium, Kind: rule.KindAny, Note: "container-security"}
	SD002 = &rule.Rule{ID: "SD002", Name: "file-refused", Title: "File refused: too large or hostile input",
		Severity: finding.Medium, Kind: rule.KindAny, Note: "container-security"}
	SD003 = &rule.Rule{ID: "SD003", Name: "ignore-without-reason", Title: "Suppression gives no reason",
		Severity: finding.Low, Kind: rule.KindAny, Note: "container-security"}
	SD004 = &rule.Rule{ID: "SD004", Name: "ignore-expired", Title: "Suppression is past its until date",
		Severity: finding.Medium, Kind: rule.KindAny, Note: "container-security"}
	SD005 = &rule.Rule{ID: "SD005", Name: "ignore-unused", Title: "Suppression matched no finding",
		Severity: finding.Low, Kind: rule.KindAny, Note: "container-security"}
	SD006 = &rule.Rule{ID: "SD006", Name: "template-needs-rendering", Title: "Templated manifest must be rendered before it can be checked",
		Severity: finding.Info, Kind: rule.KindAny, Note: "container-security"}
)

// Rules returns the engine's rules with their pages attached.
func Rules() []*rule.Rule {
	return rule.MustAttachDocs(pages, []*rule.Rule{SD001, SD002, SD003, SD004, SD005, SD006})
}
