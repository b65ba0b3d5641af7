package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF086 flags an instruction keyword whose casing differs from the file's
// majority, as BuildKit's ConsistentInstructionCasing does: the keywords of
// every stage (FROM and the instructions after it, not the ARGs before the
// first FROM) that are all lowercase or all uppercase are counted, the
// majority wins (a tie counts as uppercase), and every keyword not written
// in the majority's case is reported, mixed-case ones (`Run`) included.
var DF086 = &rule.Rule{
	ID:            "DF086",
	Name:          "inconsistent-instruction-casing",
	Title:         "Instruction keyword cased differently from the rest of the file",
	Severity:      finding.Info,
	Kind:          rule.KindDockerfile,
	Note:          "container-security",
	Equivalents:   rule.Equivalents{BuildKit: []string{"ConsistentInstructionCasing"}},
	BuildKitCheck: true,
	Check:         checkDF086,
}

// df086Keyword returns the keyword of in as written (BuildKit's node
// value), "" when it cannot be told.
func df086Keyword(in *dockerfile.Instruction) string {
	switch {
	case in == nil:
		return ""
	case in.Command != nil:
		return in.Command.Name()
	case in.Cmd == "FROM" && in.Stage != nil && in.Stage.Command != nil:
		return in.Stage.Command.OrigCmd
	}
	s := strings.TrimLeft(in.Original, " \t")
	if len(s) < len(in.Cmd) || !strings.EqualFold(s[:len(in.Cmd)], in.Cmd) {
		return ""
	}
	return s[:len(in.Cmd)]
}

func checkDF086(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	lower, upper := 0, 0
	each := func(visit func(*dockerfile.Stage, *dockerfile.Instruction, string)) {
		for _, st := range f.Stages {
			if st.From != nil {
				visit(st, st.From, df086Keyword(st.From))
			}
			for _, in := range st.Instructions {
				visit(st, in, df086Keyword(in))
			}
		}
	}
	each(func(_ *dockerfile.Stage, _ *dockerfile.Instruction, kw string) {
		switch {
		case kw == "":
		case kw == strings.ToLower(kw):
			lower++
		case kw == strings.ToUpper(kw):
			upper++
		}
	})
	majorityLower := lower > upper
	each(func(st *dockerfile.Stage, in *dockerfile.Instruction, kw string) {
		want, casing := strings.ToUpper(kw), "uppercase"
		if majorityLower {
			want, casing = strings.ToLower(kw), "lowercase"
		}
		if kw == "" || kw == want {
			return
		}
		p.Report(finding.Finding{
			Range:    in.Range,
			Location: hygLoc(st, in.Cmd),
			Evidence: kw,
			Message: "Instruction keyword `" + kw + "` does not match the " + casing + " keywords of the rest of the file " +
				"(BuildKit ConsistentInstructionCasing); mixed casing makes the Dockerfile harder to read and to search",
			Fix: df086Fix(f, in, kw, want),
		})
	})
}

// df086Fix rewrites the keyword on the instruction's first line.
func df086Fix(f *dockerfile.File, in *dockerfile.Instruction, kw, want string) *finding.Fix {
	n := in.Range.StartLine
	line := strings.TrimSuffix(f.Line(n), "\r")
	trimmed := strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(trimmed, kw) {
		return nil
	}
	text := line[:len(line)-len(trimmed)] + want + trimmed[len(kw):]
	return &finding.Fix{Description: "Write `" + want + "`", Edits: []finding.Edit{hygWholeLineEdit(f, n, text)}}
}

// df086OneLine splits a one-line instruction's line into its indentation,
// its keyword as written and what follows the keyword; ok is false when the
// instruction spans lines or its line does not start with the keyword.
func df086OneLine(f *dockerfile.File, in *dockerfile.Instruction) (indent, kw, rest string, ok bool) {
	if in.Range.StartLine != in.Range.EndLine {
		return "", "", "", false
	}
	line := strings.TrimSuffix(f.Line(in.Range.StartLine), "\r")
	trimmed := strings.TrimLeft(line, " \t")
	kw = df086Keyword(in)
	if kw == "" || !strings.HasPrefix(trimmed, kw) {
		return "", "", "", false
	}
	return line[:len(line)-len(trimmed)], kw, trimmed[len(kw):], true
}
