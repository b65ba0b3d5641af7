package dockerfile

import (
	"strconv"
	"strings"

	df "github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/image"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// privilegeAndBaseRules lists this group's rules: the user and privileges an
// image ships with (DF001–DF007) and trust in its base images (DF010–DF017).
func privilegeAndBaseRules() []*rule.Rule {
	return []*rule.Rule{
		DF001, DF002, DF003, DF004, DF005, DF006, DF007,
		DF010, DF011, DF012, DF013, DF014, DF015, DF016, DF017,
	}
}

// The helpers below are shared by this group's rules only; their names carry
// the "pb" prefix so they never collide with other groups' files in this
// package.

// pbStageLabel names a stage in a location: its AS name, else "final" for
// the stage that is built, else its index.
func pbStageLabel(s *df.Stage) string {
	switch {
	case s.Name != "":
		return s.Name
	case s.IsFinal():
		return "final"
	default:
		return strconv.Itoa(s.Index)
	}
}

// pbStageWhere describes a stage for a message: "the final stage",
// "stage base (the final stage is built FROM it)" or "build stage build".
func pbStageWhere(f *df.File, s *df.Stage) string {
	switch {
	case s.IsFinal():
		if s.Name != "" && s.Name != "final" {
			return "the final stage (" + s.Name + ")"
		}
		return "the final stage"
	case f.Ships(s):
		return "stage " + s.String() + " (the final stage is built FROM it)"
	default:
		return "build stage " + s.String()
	}
}

// pbExternalBases returns the stages whose FROM names an external image whose
// reference is known: not scratch, not an earlier stage, not an unresolved
// variable.
func pbExternalBases(f *df.File) []*df.Stage {
	if f == nil {
		return nil
	}
	var out []*df.Stage
	for _, s := range f.Stages {
		if s == nil || s.From == nil || s.Scratch || s.BaseStage != nil || s.BaseUnresolved || s.Base == "" {
			continue
		}
		out = append(out, s)
	}
	return out
}

// pbBaseDesc renders a stage's base for a message: "python:3.12", or
// "python:3.12 (from ${BASE})" when an ARG produced it.
func pbBaseDesc(s *df.Stage, familiar string) string {
	if s.BaseRaw != "" && strings.Contains(s.BaseRaw, "$") {
		return familiar + " (from " + s.BaseRaw + ")"
	}
	return familiar
}

// pbJudge judges ref with the pass's options, through imagecheck's shared
// cache (the six base-image rules judge the same few references over and
// over). A Verdict is only read, never changed, so sharing it is safe.
func pbJudge(p *rule.Pass, ref string) imagecheck.Verdict {
	return imagecheck.JudgeCached(ref, imagecheck.SettingsFor(p.Options))
}

// pbParse returns the parsed reference through the verdict cache (parsing
// is the costly part of judging); ok is false for an invalid reference.
func pbParse(p *rule.Pass, raw string) (image.Ref, bool) {
	v := pbJudge(p, raw)
	if _, bad := v.Has(imagecheck.Invalid); bad {
		return image.Ref{}, false
	}
	return v.Ref, true
}

// pbShippedRuns calls fn for every RUN of the stages that ship (the final
// stage and the stages it is built FROM).
func pbShippedRuns(f *df.File, fn func(s *df.Stage, in *df.Instruction)) {
	if f == nil {
		return
	}
	for _, s := range f.Shipped() {
		for _, in := range s.Instructions {
			if in.Cmd == "RUN" {
				fn(s, in)
			}
		}
	}
}

// pbRunText returns the text of a RUN a cheap substring test can look at:
// its logical line plus any heredoc bodies.
func pbRunText(in *df.Instruction) string {
	if len(in.Heredocs) == 0 {
		return in.Original
	}
	var b strings.Builder
	b.WriteString(in.Original)
	for _, h := range in.Heredocs {
		b.WriteByte('\n')
		b.WriteString(h.Content)
	}
	return b.String()
}

// pbContainsAny reports whether s contains any of the words.
func pbContainsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
