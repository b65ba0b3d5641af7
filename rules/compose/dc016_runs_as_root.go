package compose

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC016 flags services that explicitly run as root.
var DC016 = &rule.Rule{
	ID:       "DC016",
	Name:     "runs-as-root",
	Title:    "Service explicitly runs as root",
	Severity: finding.Medium,
	Kind:     rule.KindCompose,
	Note:     "least-privilege",
	Check:    checkDC016,
}

// rootUser reports whether a user: value ("root", "0", "0:0", "root:root")
// names uid 0.
func rootUser(u string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(u), ":")
	return name == "root" || name == "0"
}

func checkDC016(p *rule.Pass) {
	for _, s := range services(p) {
		u := strings.TrimSpace(s.Config.User)
		if u == "" || !rootUser(u) {
			continue
		}
		report(p, pos(p, s.Name, "user"), loc(s.Name, "user"), u,
			fmt.Sprintf("Service %s runs as root (user: %s), overriding any non-root USER of the image; any code execution in it starts with root's rights", s.Name, u))
	}
}
