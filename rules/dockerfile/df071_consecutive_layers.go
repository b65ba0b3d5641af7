package dockerfile

import (
	"slices"
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF071 flags, in a stage that may ship (dockerfile.File.MayShip), runs of
// two or more consecutive RUN instructions with the same flags, and of two
// or more consecutive COPY (or ADD) instructions with the same destination
// and flags: one finding per run, over its lines. Off by default: layer
// count is hygiene, and splitting RUNs is sometimes deliberate (caching).
var DF071 = &rule.Rule{
	ID:       "DF071",
	Name:     "consecutive-layers",
	Title:    "Consecutive RUN, COPY or ADD instructions that could be one layer",
	Severity: finding.Info,
	Kind:     rule.KindDockerfile,
	Note:     "container-security",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL3059"},
		KICS: []string{"multiple_run_add_copy_instructions_listed"}},
	DefaultOff: true,
	Check:      checkDF071,
}

func checkDF071(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, true) {
		ins := st.Instructions
		for i := 0; i < len(ins); {
			j := i + 1
			for j < len(ins) && df071Joins(ins[i], ins[j]) {
				j++
			}
			if j-i >= 2 {
				df071Report(p, f, st, ins[i:j])
			}
			i = j
		}
	}
}

// df071Joins reports whether b continues a run started by a: both RUN with
// the same flags, or both COPY (or both ADD) with the same flags and
// destination.
func df071Joins(a, b *dockerfile.Instruction) bool {
	if a.Cmd != b.Cmd || !slices.Equal(a.Flags, b.Flags) {
		return false
	}
	switch a.Cmd {
	case "RUN":
		return true
	case "COPY", "ADD":
		da, db := df071Dest(a), df071Dest(b)
		return da != "" && da == db && len(a.Heredocs) == 0 && len(b.Heredocs) == 0
	}
	return false
}

// df071Dest is the destination of a COPY/ADD (its last argument), "" when
// it has none.
func df071Dest(in *dockerfile.Instruction) string {
	if len(in.Args) < 2 {
		return ""
	}
	return in.Args[len(in.Args)-1]
}

func df071Report(p *rule.Pass, f *dockerfile.File, st *dockerfile.Stage, run []*dockerfile.Instruction) {
	first, last := run[0], run[len(run)-1]
	n := strconv.Itoa(len(run))
	var ev, msg string
	if first.Cmd == "RUN" {
		ev = "RUN " + df071Short(first)
		msg = n + " consecutive RUN instructions " + hygStageWords(f, st) + " each add a layer: files one deletes stay in the layer of another, and the image grows; join them with && into one RUN (or use a heredoc)"
	} else {
		dest := df071Dest(first)
		ev = first.Cmd + " " + dest
		msg = n + " consecutive " + first.Cmd + " instructions " + hygStageWords(f, st) + " copy to " + dest + " one layer each; one " + first.Cmd + " with all the sources makes one layer"
	}
	p.Report(finding.Finding{
		Range:    finding.Lines(first.Range.StartLine, last.Range.EndLine),
		Location: hygLoc(st, first.Cmd+" run"),
		Evidence: ev,
		Message:  msg,
	})
}

// df071Short is the first words of an instruction, for evidence.
func df071Short(in *dockerfile.Instruction) string {
	s := strings.Join(strings.Fields(strings.Join(in.Args, " ")), " ")
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}
