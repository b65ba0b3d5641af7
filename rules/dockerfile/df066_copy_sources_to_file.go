package dockerfile

import (
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF066 flags a COPY or ADD with more than one source whose destination
// does not end in a slash. The classic builder refuses it ("the destination
// must be a directory and end with a /"); BuildKit copies each source in
// turn to the same path, so when that path does not exist yet it becomes a
// file holding the last source (moby/buildkit#1853). Every stage is judged;
// a destination with a variable that cannot be resolved is not.
var DF066 = &rule.Rule{
	ID:       "DF066",
	Name:     "copy-sources-to-file",
	Title:    "COPY of several sources to a destination without a trailing slash",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Equivalents: rule.Equivalents{
		KICS: []string{"copy_with_more_than_two_arguments_not_ending_with_slash"}},
	Check: checkDF066,
}

func checkDF066(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			sd, ok := df066Sources(in)
			if !ok {
				continue
			}
			n := len(sd.SourcePaths) + len(sd.SourceContents)
			if n < 2 || df066IsDir(st, in, sd.DestPath) {
				continue
			}
			p.Reportf(in.Range, hygLoc(st, in.Cmd+" "+sd.DestPath), in.Cmd+" -> "+sd.DestPath,
				"%s copies %s sources to %q, which does not end in a slash: the classic builder rejects it, and BuildKit copies each source onto the same path, so if %s does not exist yet it becomes a file holding only the last source (write %q)",
				in.Cmd, strconv.Itoa(n), sd.DestPath, sd.DestPath, sd.DestPath+"/")
		}
	}
}

// df066Sources returns the sources and destination of a COPY or ADD.
func df066Sources(in *dockerfile.Instruction) (instructions.SourcesAndDest, bool) {
	switch c := in.Command.(type) {
	case *instructions.CopyCommand:
		return c.SourcesAndDest, true
	case *instructions.AddCommand:
		return c.SourcesAndDest, true
	}
	return instructions.SourcesAndDest{}, false
}

// df066IsDir reports whether a destination names a directory for certain,
// or cannot be judged: it ends in a slash (or a backslash, on Windows), is
// "." or "..", or holds a variable with no known value.
func df066IsDir(st *dockerfile.Stage, in *dockerfile.Instruction, dest string) bool {
	if strings.Contains(dest, "$") {
		v, ok := st.Expand(dest, in)
		if !ok {
			return true // never guessed
		}
		dest = v
	}
	if dest == "" || strings.HasSuffix(dest, "/") || strings.HasSuffix(dest, `\`) {
		return true
	}
	base := dest[strings.LastIndexAny(dest, `/\`)+1:]
	return base == "." || base == ".."
}
