package pbcheck

import (
	"embed"

	"github.com/stevedore-dev/stevedore/internal/rule"
)

//go:embed *.md
var pages embed.FS

func Rules() []*rule.Rule {
	all := privilegeAndBaseRules()
	rule.Sort(all)
	return rule.MustAttachDocs(pages, all)
}
