package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	df "github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF016 flags a FROM whose image comes from a variable with no value: an ARG
// declared without a default, with an empty one, or not declared before the
// first FROM at all. BuildKit's automatic platform ARGs (TARGETARCH, …)
// always have a value at build time and are not flagged.
var DF016 = &rule.Rule{
	ID:            "DF016",
	Name:          "base-image-unresolved",
	Title:         "Base image depends on an ARG with no value",
	Severity:      finding.Low,
	Kind:          rule.KindDockerfile,
	Note:          "base-image-trust",
	Equivalents:   rule.Equivalents{BuildKit: []string{"UndefinedArgInFrom", "InvalidDefaultArgInFrom"}},
	BuildKitCheck: true,
	Check:         checkDF016,
}

// pbAutomaticArgs are the ARGs BuildKit sets itself.
var pbAutomaticArgs = map[string]bool{
	"TARGETPLATFORM": true, "TARGETOS": true, "TARGETARCH": true, "TARGETVARIANT": true,
	"BUILDPLATFORM": true, "BUILDOS": true, "BUILDARCH": true, "BUILDVARIANT": true,
}

const pbSkipped = "stevedore skips its tag, digest, registry, end-of-life and default-user checks"

func checkDF016(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	var globals map[string]*string // name → default (nil: none)
	declared := map[string]bool{}
	for _, s := range f.Stages {
		if s == nil || s.From == nil || !s.BaseUnresolved {
			continue
		}
		if globals == nil {
			globals = map[string]*string{}
			for _, in := range f.GlobalArgs {
				if c, ok := in.Command.(*instructions.ArgCommand); ok {
					for _, kv := range c.Args {
						globals[kv.Key] = kv.Value
						declared[kv.Key] = true
					}
				}
			}
		}
		loc := "stage[" + pbStageLabel(s) + "]/FROM"
		if pbTemplatePlaceholder(f, s.BaseRaw) {
			continue // a dev container template, filled in when it is applied
		}
		// Follow defaults built from other ARGs (ARG BASE=${REG}/app:1) to
		// the variable that has no value.
		names := pbVarNames(s.BaseRaw)
		seen := map[string]bool{}
		for i := 0; i < len(names) && i < 16; i++ {
			name := names[i]
			if seen[name] || pbAutomaticArgs[name] {
				continue
			}
			seen[name] = true
			if v, ok := f.GlobalArg(name); ok && strings.TrimSpace(v) != "" {
				continue
			}
			def := globals[name]
			switch {
			case !declared[name]:
				hint := ""
				if pbStageArg(f, name) {
					hint = " (an ARG inside a stage does not reach FROM: declare it before the first FROM)"
				}
				p.Reportf(s.From.Range, loc, s.BaseRaw,
					"FROM %s uses %s, which no ARG before the first FROM declares%s, so the base image is unknown until build time, and %s", s.BaseRaw, name, hint, pbSkipped)
			case def == nil:
				p.Reportf(s.From.Range, loc, s.BaseRaw,
					"FROM %s uses ARG %s, which has no default, so only --build-arg decides the base image, and %s; give ARG %s a default", s.BaseRaw, name, pbSkipped, name)
			case strings.TrimSpace(*def) == "":
				p.Reportf(s.From.Range, loc, s.BaseRaw,
					"FROM %s uses ARG %s, whose default is empty, so a build without --build-arg fails, and %s; give ARG %s a default", s.BaseRaw, name, pbSkipped, name)
			default:
				names = append(names, pbVarNames(*def)...)
				continue
			}
			break // one finding per FROM
		}
	}
}

// pbVarNames returns the variable names referenced in a FROM value ($X,
// ${X}, ${X:-d}), in order, without duplicates.
func pbVarNames(raw string) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '$' || i+1 >= len(raw) {
			continue
		}
		j := i + 1
		brace := raw[j] == '{'
		if brace {
			j++
		}
		k := j
		for k < len(raw) && (raw[k] == '_' || raw[k] >= 'A' && raw[k] <= 'Z' || raw[k] >= 'a' && raw[k] <= 'z' || k > j && raw[k] >= '0' && raw[k] <= '9') {
			k++
		}
		if k > j {
			name := raw[j:k]
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
		i = k - 1
	}
	return out
}

// pbStageArg reports whether some stage declares an ARG with this name.
func pbStageArg(f *df.File, name string) bool {
	for _, s := range f.Stages {
		for _, in := range s.Instructions {
			if c, ok := in.Command.(*instructions.ArgCommand); ok {
				for _, kv := range c.Args {
					if kv.Key == name {
						return true
					}
				}
			}
		}
	}
	return false
}

// pbTemplatePlaceholder reports whether a FROM value holds a dev container
// template option (${templateOption:imageVariant}), directly or through
// the default of a global ARG it names: the file is a template that the
// devcontainer CLI fills in, not a Dockerfile built as it stands, so the
// ARG advice does not apply.
func pbTemplatePlaceholder(f *df.File, raw string) bool {
	const marker = "${templateOption:"
	if strings.Contains(raw, marker) {
		return true
	}
	for _, in := range f.GlobalArgs {
		c, ok := in.Command.(*instructions.ArgCommand)
		if !ok {
			continue
		}
		for _, kv := range c.Args {
			if kv.Value != nil && strings.Contains(*kv.Value, marker) && strings.Contains(raw, kv.Key) {
				return true
			}
		}
	}
	return false
}
