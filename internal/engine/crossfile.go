package engine

import (
	"fmt"
	"sort"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	enginerules "github.com/stevedore-dev/stevedore/rules/engine"
)

// crossFile runs the cross-file rules once over every model of the scan and
// the repository tree (walked once, in the background, only when there are
// Dockerfiles).
func (t *scan) crossFile() *output {
	o := &output{}
	repo := t.models
	repo.BuildContexts = t.s.cfg.BuildContexts
	repo.Images = t.s.cfg.Images
	sort.Slice(repo.Compose, func(i, j int) bool { return repo.Compose[i].Files[0] < repo.Compose[j].Files[0] })
	sort.Slice(repo.Kube, func(i, j int) bool { return repo.Kube[i].Path < repo.Kube[j].Path })
	if t.treeDone != nil {
		<-t.treeDone
		if t.treeErr != nil {
			t.engineFinding(o, enginerules.SD001, ".", finding.Line(1), "tree", fmt.Sprintf("Repository tree could not be read: %v", t.treeErr))
		}
		repo.Tree = t.tree
	}
	opts := t.s.ruleOpts
	p := t.pass(nil, "", &opts, o)
	p.Repo = &repo
	for _, r := range t.s.enabled[rule.KindCrossFile] {
		p.Rule = r
		t.check(r, p, o)
	}
	return o
}
