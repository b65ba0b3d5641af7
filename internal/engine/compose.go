package engine

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/source"
	"github.com/stevedore-dev/stevedore/internal/suppress"
	"github.com/stevedore-dev/stevedore/internal/yamlsafe"
	enginerules "github.com/stevedore-dev/stevedore/rules/engine"
)

// composeProjects groups Compose files into projects the way docker
// compose merges them.
func (t *scan) composeProjects(paths []string) [][]string {
	t.composePaths = paths
	return compose.GroupProjects(paths)
}

// composeUnit loads one Compose project (a main file and its overrides) and
// runs the Compose rules over it.
func (t *scan) composeUnit(group []string) unit {
	return func() *output {
		o := &output{}
		parsed := map[string][]*yaml.Node{}
		contents := map[string][]byte{}
		for _, p := range group {
			data, ok := t.read(p, o)
			if !ok {
				return o
			}
			docs, err := yamlsafe.Documents(data, yamlsafe.DefaultLimits)
			var refused *yamlsafe.Error
			if errors.As(err, &refused) {
				t.refuseYAML(p, refused, o)
				return o
			}
			if err == nil {
				parsed[p] = docs // parsed once: the model reuses the safety check's nodes
			}
			contents[p] = data
			o.directives = append(o.directives, suppress.Comments(p, data, true)...)
		}
		proj, err := compose.LoadGroup(t.fsys, group, t.composePaths, compose.Options{Parsed: parsed, Contents: contents})
		if err != nil {
			var le *compose.LoadError
			file, line := group[0], 1
			if errors.As(err, &le) {
				if le.File != "" {
					file = le.File
				}
				line = le.Line
			}
			t.engineFinding(o, enginerules.SD001, file, finding.Line(line), "file",
				fmt.Sprintf("Compose file could not be loaded: %s", errMessage(err)))
			return o
		}
		t.inspect(group[0], proj)
		t.composeBuilds(proj, o)
		opts := t.s.ruleOpts
		p := t.pass(nil, group[0], &opts, o)
		p.Compose = proj
		for _, r := range t.s.enabled[rule.KindCompose] {
			p.Rule = r
			t.check(r, p, o)
		}
		return o
	}
}

// composeBuilds analyses each Dockerfile a service builds with that
// service's target and build args, when they differ from the defaults the
// Dockerfile's own scan used. Findings it shares with that scan are merged.
func (t *scan) composeBuilds(proj *compose.Project, o *output) {
	if len(t.s.enabled[rule.KindDockerfile]) == 0 {
		return
	}
	for _, svc := range proj.Services {
		b := svc.Build
		if b == nil || b.Remote || b.Inline || (b.Target == "" && len(b.Args) == 0) || !t.scanned(b.Dockerfile) {
			continue
		}
		data, err := source.Read(t.fsys, b.Dockerfile, source.MaxFileSize)
		if err != nil {
			continue // the Dockerfile's own unit reports it
		}
		t.analyzeDockerfile(b.Dockerfile, data, dockerfile.Options{Target: b.Target, BuildArgs: b.Args}, o)
	}
}

// scanned reports whether path is one of the files of this scan.
func (t *scan) scanned(path string) bool { return t.fileSet[path] }

// refuseYAML reports a file yamlsafe refused.
func (t *scan) refuseYAML(path string, ye *yamlsafe.Error, o *output) {
	t.engineFinding(o, enginerules.SD002, path, finding.Line(ye.Line), "file", "File refused: "+ye.Reason)
}

func errMessage(err error) string {
	var le *compose.LoadError
	if errors.As(err, &le) {
		return le.Msg
	}
	var ye *yamlsafe.Error
	if errors.As(err, &ye) {
		return ye.Reason
	}
	return err.Error()
}

// check runs one rule, turning a panic into an SD001 finding so that one
// broken rule never loses the rest of the scan.
func (t *scan) check(r *rule.Rule, p *rule.Pass, o *output) {
	defer func() {
		if v := recover(); v != nil {
			t.engineFinding(o, enginerules.SD001, p.Path, finding.Line(1), "rule["+r.ID+"]",
				fmt.Sprintf("Internal error in rule %s while checking this file (please report it): %v", r.ID, v))
		}
	}()
	r.Check(p)
}
