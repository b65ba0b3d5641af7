package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// DF023 flags RUN (and ENV) instructions that read a build argument with a
// secret-like name: the value is recorded in the image history.
var DF023 = &rule.Rule{
	ID:          "DF023",
	Name:        "secret-build-arg-used-in-run",
	Title:       "Secret-like build argument used in RUN",
	Severity:    finding.Medium,
	Kind:        rule.KindDockerfile,
	Note:        "secrets",
	Equivalents: rule.Equivalents{Trivy: []string{"DS-0031"}},
	Check:       checkDF023,
}

func checkDF023(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		var args []string // secret-like ARGs declared so far in the stage
		for _, in := range st.Instructions {
			switch c := in.Command.(type) {
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					if secret.SecretLikeName(kv.Key) && !sdiHas(args, kv.Key) {
						args = append(args, kv.Key)
					}
				}
			case *instructions.RunCommand:
				for _, name := range args {
					if !sdiRunRefs(in, name) || sdiSecretEnvMount(in, name) {
						continue
					}
					p.Reportf(in.Range, sdiLoc(in, "RUN", "$"+name), name,
						"RUN in %s reads the secret-like build argument %s: its value is recorded in the image history and the build cache (docker history shows it); pass it with RUN --mount=type=secret instead",
						sdiStageDesc(f, st), name)
				}
			case *instructions.EnvCommand:
				for _, name := range args {
					if !sdiRefersTo(in.Original, name) {
						continue
					}
					p.Reportf(in.Range, sdiLoc(in, "ENV", "$"+name), name,
						"ENV in %s copies the secret-like build argument %s into the environment: its value is stored in the image config for anyone who pulls the image; pass it with RUN --mount=type=secret instead",
						sdiStageDesc(f, st), name)
				}
			}
		}
	}
}

// sdiRunRefs reports whether a RUN (its command line or heredoc bodies)
// refers to $name or ${name…}.
func sdiRunRefs(in *dockerfile.Instruction, name string) bool {
	if sdiRefersTo(in.Original, name) {
		return true
	}
	for _, h := range in.Heredocs {
		if sdiRefersTo(h.Content, name) {
			return true
		}
	}
	return false
}

// sdiRefersTo reports whether s holds $name (not followed by a name
// character) or ${name followed by } or a modifier.
func sdiRefersTo(s, name string) bool {
	for i := 0; ; {
		k := strings.IndexByte(s[i:], '$')
		if k < 0 {
			return false
		}
		j := i + k + 1
		i = j
		braced := j < len(s) && s[j] == '{'
		if braced {
			j++
		}
		if !strings.HasPrefix(s[j:], name) {
			continue
		}
		e := j + len(name)
		if e == len(s) {
			return !braced
		}
		c := s[e]
		if braced {
			if strings.IndexByte("}:-+?#%/^,@[", c) >= 0 {
				return true
			}
			continue
		}
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return true
		}
	}
}

// sdiSecretEnvMount reports whether the RUN mounts a BuildKit secret as the
// environment variable name (--mount=type=secret,…,env=name), which then
// shadows the build argument.
func sdiSecretEnvMount(in *dockerfile.Instruction, name string) bool {
	for _, m := range in.Mounts() {
		if m.Type == instructions.MountTypeSecret && m.Env != nil && *m.Env == name {
			return true
		}
	}
	return false
}
