package engine

import (
	"errors"
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/suppress"
	enginerules "github.com/stevedore-dev/stevedore/rules/engine"
)

// dockerfileUnit parses one Dockerfile and runs the Dockerfile rules.
func (t *scan) dockerfileUnit(path string) unit {
	return func() *output {
		o := &output{findings: make([]finding.Finding, 0, 8)} // most files have a few
		data, ok := t.read(path, o)
		if !ok {
			return o
		}
		o.directives = suppress.Comments(path, data, false)
		t.analyzeDockerfile(path, data, dockerfile.Options{Target: t.s.opts.Target}, o)
		return o
	}
}

// analyzeDockerfile parses data with opts (falling back to the last stage
// when the target names no stage of this file) and runs the rules.
func (t *scan) analyzeDockerfile(path string, data []byte, opts dockerfile.Options, o *output) {
	f, err := dockerfile.Parse(path, data, opts)
	if errors.Is(err, dockerfile.ErrUnknownTarget) {
		opts.Target = ""
		f, err = dockerfile.Parse(path, data, opts)
	}
	if err != nil {
		line := 1
		var pe *dockerfile.ParseError
		msg := err.Error()
		if errors.As(err, &pe) {
			line, msg = pe.Line, pe.Msg
		}
		t.engineFinding(o, enginerules.SD001, path, finding.Line(line), "file", fmt.Sprintf("Dockerfile could not be parsed: %s", msg))
		return
	}
	t.inspect(path, f)
	ro := t.s.ruleOpts
	ro.Target = opts.Target
	ro.BuildArgs = opts.BuildArgs
	p := t.pass(nil, path, &ro, o)
	p.Dockerfile = f
	for _, r := range t.s.enabled[rule.KindDockerfile] {
		if r.BuildKitCheck && f.Check.Skips(r.Equivalents.BuildKit) {
			continue // `# check=skip=` turns BuildKit's checks off
		}
		p.Rule = r
		t.check(r, p, o)
	}
	if t.s.opts.Inspect == nil {
		f.Compact() // the cross-file rules only need its stages and instructions
	}
}
