package dockerfile

import (
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF068 flags COPY/ADD --from=<number>: the stage is picked by position, so
// inserting or reordering a stage silently changes what is copied. The fix
// names the stage: it replaces the number with the stage's name, first
// adding " AS stage-N" to an unnamed stage's one-line FROM when that name
// is used nowhere in the file; every --from=N of the stage is rewritten.
// Every stage is judged.
var DF068 = &rule.Rule{
	ID:          "DF068",
	Name:        "copy-from-stage-index",
	Title:       "COPY --from names a stage by its index",
	Severity:    finding.Info,
	Kind:        rule.KindDockerfile,
	Note:        "build-context-and-drift",
	Equivalents: rule.Equivalents{KICS: []string{"using_unnamed_build_stages"}},
	Check:       checkDF068,
}

func checkDF068(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			if in.Cmd != "COPY" && in.Cmd != "ADD" {
				continue
			}
			ref, ok := in.Flag("from")
			ref = strings.TrimSpace(ref)
			if !ok || !pbIsDigits(ref) {
				continue
			}
			src := f.CopySource(in)
			what, advice := "the stage at that position", "name the stage (FROM … AS name) and copy --from=name"
			switch {
			case src != nil && src.Name != "":
				what, advice = "stage "+src.Name, "copy --from="+src.Name
			case src != nil:
				what = "the unnamed " + src.String()
			}
			dest := ""
			if len(in.Args) > 0 {
				dest = in.Args[len(in.Args)-1]
			}
			p.Report(finding.Finding{
				Range:    in.Range,
				Location: hygLoc(st, in.Cmd+" "+dest+"/--from="+ref),
				Evidence: in.Cmd + " --from=" + ref,
				Message: in.Cmd + " --from=" + ref + " " + hygStageWords(f, st) + " picks " + what +
					" by its position, so inserting or reordering a stage silently changes what is copied; " + advice,
				Fix: df068Fix(f, src, ref),
			})
		}
	}
}

// df068Fix names the stage src in every COPY/ADD --from=ref that picks it,
// adding " AS stage-N" to its FROM line when it has no name. It gives up
// (nil) when a line cannot be rewritten exactly: a multi-line FROM, a name
// that already occurs in the file, a --from=ref that is not alone on one
// line of its instruction.
func df068Fix(f *dockerfile.File, src *dockerfile.Stage, ref string) *finding.Fix {
	if src == nil || len(f.Lines) == 0 {
		return nil
	}
	name := src.Name
	var edits []finding.Edit
	if name == "" {
		name = "stage-" + strconv.Itoa(src.Index)
		from := src.From.Range
		if from.StartLine != from.EndLine || strings.Contains(strings.ToLower(f.Source()), name) {
			return nil
		}
		line := strings.TrimRight(f.Line(from.StartLine), " \t\r")
		edits = append(edits, hygWholeLineEdit(f, from.StartLine, line+" AS "+name))
	}
	flag := "--from=" + ref
	for _, st := range f.Stages[src.Index+1:] {
		for _, in := range st.Instructions {
			if f.CopySource(in) != src {
				continue
			}
			if v, _ := in.Flag("from"); strings.TrimSpace(v) != ref {
				continue // names it already
			}
			n := df068FlagLine(f, in, flag)
			if n == 0 {
				return nil
			}
			line := f.Line(n)
			i := strings.Index(line, flag)
			edits = append(edits, hygWholeLineEdit(f, n, strings.TrimSuffix(line[:i]+"--from="+name+line[i+len(flag):], "\r")))
		}
	}
	return &finding.Fix{Description: "Copy --from=" + name + " instead of --from=" + ref, Edits: edits}
}

// df068FlagLine returns the only line of in holding flag as a whole word,
// 0 when there is none or more than one.
func df068FlagLine(f *dockerfile.File, in *dockerfile.Instruction, flag string) int {
	found := 0
	for n := in.Range.StartLine; n <= in.Range.EndLine; n++ {
		line := f.Line(n)
		for i := 0; ; {
			k := strings.Index(line[i:], flag)
			if k < 0 {
				break
			}
			at := i + k
			end := at + len(flag)
			if (at == 0 || line[at-1] == ' ' || line[at-1] == '\t') && (end == len(line) || strings.ContainsRune(" \t\r\\", rune(line[end]))) {
				if found != 0 {
					return 0
				}
				found = n
			}
			i = end
		}
	}
	return found
}
