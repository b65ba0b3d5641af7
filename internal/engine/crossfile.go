package engine

import (
	"fmt"
	"sort"
	"sync"

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
	// The rules only read the models, so they run side by side, each into
	// its own output, joined in rule order as a loop would produce them.
	opts := t.s.ruleOpts
	rules := t.s.enabled[rule.KindCrossFile]
	outs := make([]output, len(rules))
	var wg sync.WaitGroup
	sem := make(chan struct{}, t.s.opts.Concurrency)
	for i, r := range rules {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			p := t.pass(r, "", &opts, &outs[i])
			p.Repo = &repo
			t.check(r, p, &outs[i])
		})
	}
	wg.Wait()
	for i := range outs {
		o.findings = append(o.findings, outs[i].findings...)
	}
	return o
}
