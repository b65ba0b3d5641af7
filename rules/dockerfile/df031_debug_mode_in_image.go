package dockerfile

import (
	"sort"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF031 flags debug switches in the CMD/ENTRYPOINT and ENV that the shipped
// image starts with.
var DF031 = &rule.Rule{
	ID:       "DF031",
	Name:     "debug-mode-in-image",
	Title:    "Image starts with a debug mode enabled",
	Severity: finding.Medium,
	Kind:     rule.KindDockerfile,
	Note:     "debug-surface",
	Check:    checkDF031,
}

func checkDF031(p *rule.Pass) {
	f := p.Dockerfile
	final := f.Final()
	if final == nil {
		return
	}
	// The CMD and ENTRYPOINT in effect: the last of each in the final
	// stage's FROM-stage chain.
	var cmd, entry *dockerfile.Instruction
	for _, st := range f.Shipped() {
		for i := len(st.Instructions) - 1; i >= 0; i-- {
			in := st.Instructions[i]
			switch {
			case in.Cmd == "CMD" && cmd == nil:
				cmd = in
			case in.Cmd == "ENTRYPOINT" && entry == nil:
				entry = in
			}
		}
	}
	for _, in := range []*dockerfile.Instruction{entry, cmd} {
		if in == nil {
			continue
		}
		line := strings.Join(in.Args, " ")
		if what, bad := knowledge.DebugArgs(line); bad {
			p.Reportf(in.Range, sdiLoc(in, in.Cmd), what,
				"%s of %s starts the container with a debug switch (%s): a debugger or development server lets whoever reaches it run code in the container",
				in.Cmd, sdiStageDesc(f, in.Stage), what)
		}
	}
	env := final.Env()
	names := make([]string, 0, len(env))
	for k := range env {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := env[k]
		if v.Instruction == nil {
			continue
		}
		what, bad := knowledge.DebugEnv(k, v.Value)
		if !bad {
			continue
		}
		p.Reportf(v.Instruction.Range, sdiLoc(v.Instruction, "ENV", k), k,
			"ENV: %s in %s, so the shipped image exposes debuggers, stack traces or unauthenticated access",
			what, sdiStageDesc(f, v.Instruction.Stage))
	}
}
