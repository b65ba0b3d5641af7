package rule

import (
	"fmt"
	"io/fs"
)

// AttachDocs sets each rule's Doc from "<ID>.md" in pages and fails when a
// page is missing, so a rule cannot ship without one.
func AttachDocs(pages fs.FS, rules []*Rule) error {
	for _, r := range rules {
		b, err := fs.ReadFile(pages, r.ID+".md")
		if err != nil {
			return fmt.Errorf("rule %s: doc page: %w", r.ID, err)
		}
		r.Doc = string(b)
	}
	return nil
}

// MustAttachDocs is AttachDocs for package initialisation: a missing page is
// a programming error.
func MustAttachDocs(pages fs.FS, rules []*Rule) []*Rule {
	if err := AttachDocs(pages, rules); err != nil {
		panic(err)
	}
	return rules
}
