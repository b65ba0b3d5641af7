// Package compose holds stevedore's Docker Compose rules (DC001…): one Go
// file per rule next to its page DCNNN.md, judging the merged project that
// internal/compose loads and pointing every finding at the file and line the
// offending value came from.
package compose

import (
	"embed"

	"github.com/stevedore-dev/stevedore/internal/rule"
)

//go:embed *.md
var pages embed.FS

// Rules returns the Compose rules, in ID order, with their pages attached.
func Rules() []*rule.Rule {
	return rule.MustAttachDocs(pages, []*rule.Rule{
		DC001, DC002, DC003, DC004, DC005, DC006, DC007, DC008, DC009, DC010,
		DC011, DC012, DC013, DC014, DC015, DC016, DC017, DC018, DC019, DC020,
		DC021, DC022, DC023, DC024, DC025, DC026, DC027, DC028, DC029, DC030,
		DC031, DC032, DC033, DC034, DC035, DC036, DC037,
	})
}
