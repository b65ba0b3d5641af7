package dockerfile

import (
	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// DF020 flags ARG and ENV instructions that give a secret-like name a
// literal value.
var DF020 = &rule.Rule{
	ID:       "DF020",
	Name:     "secret-in-arg-env",
	Title:    "Secret-like ARG or ENV has a literal value",
	Severity: finding.High,
	Kind:     rule.KindDockerfile,
	Note:     "secrets",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3064"}, Trivy: []string{"DS-0031"},
		KICS:     []string{"passwords_and_secrets"},
		BuildKit: []string{"SecretsUsedInArgOrEnv"}},
	Check: checkDF020,
}

func checkDF020(p *rule.Pass) {
	f := p.Dockerfile
	for _, a := range sdiSecretAssignments(f) {
		if a.token {
			continue // a known credential format: DF021 reports it
		}
		p.Reportf(finding.Line(a.line), sdiLoc(a.in, a.in.Cmd, a.name), a.in.Cmd+" "+a.name, "%s", sdiAssignMessage(f, a))
	}
}

func sdiAssignMessage(f *dockerfile.File, a sdiAssign) string {
	masked := secret.Mask(a.value)
	st := a.in.Stage
	switch {
	case a.in.Cmd == "ARG" && st == nil:
		return "Global ARG gives the secret-like build argument " + a.name + " a literal default (" + masked +
			"): it is committed with the Dockerfile and recorded in the image history of every RUN that uses it"
	case a.in.Cmd == "ARG":
		return "ARG gives the secret-like build argument " + a.name + " a literal default (" + masked + ") in " +
			sdiStageDesc(f, st) + ": it is committed with the Dockerfile and recorded in the image history of every RUN that uses it"
	case f.Ships(st):
		return "ENV sets the secret-like variable " + a.name + " to a literal value (" + masked + ") in " +
			sdiStageDesc(f, st) + ": it is stored in the image config, where anyone who can pull the image reads it with docker inspect"
	default:
		return "ENV sets the secret-like variable " + a.name + " to a literal value (" + masked + ") in " +
			sdiStageDesc(f, st) + ": it is committed with the Dockerfile and kept in the build cache and that stage's image config"
	}
}

// sdiAssign is a secret-like ARG/ENV name given a literal value.
type sdiAssign struct {
	in    *dockerfile.Instruction
	name  string
	value string
	line  int
	// token is true when the value itself is a known credential format
	// (secret.Scan finds it): DF021 reports those, DF020 the rest.
	token bool
	kind  string // the credential format when token
	desc  string
}

// sdiSecretAssignments returns the secret-like names given literal values by
// the file's ARG and ENV instructions (secret.ScanAssignments on each
// instruction whose keys include a secret-like name).
func sdiSecretAssignments(f *dockerfile.File) []sdiAssign {
	var out []sdiAssign
	for _, in := range sdiAllInstructions(f) {
		var keys []string
		switch c := in.Command.(type) {
		case *instructions.ArgCommand:
			for _, kv := range c.Args {
				if kv.Value != nil && secret.SecretLikeName(kv.Key) {
					keys = append(keys, kv.Key)
				}
			}
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				if secret.SecretLikeName(kv.Key) {
					keys = append(keys, kv.Key)
				}
			}
		}
		if len(keys) == 0 {
			continue
		}
		for _, a := range secret.ScanAssignments(f.Text(in.Range)) {
			if !sdiHas(keys, a.Name) {
				continue
			}
			sa := sdiAssign{in: in, name: a.Name, value: a.Value, line: in.Range.StartLine + a.Line - 1}
			if ms := secret.Scan(a.Value); len(ms) > 0 {
				sa.token, sa.kind, sa.desc = true, ms[0].Kind, ms[0].Description
			}
			out = append(out, sa)
		}
	}
	return out
}

func sdiHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
