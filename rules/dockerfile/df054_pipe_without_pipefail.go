package dockerfile

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF054 flags a shell-form RUN with a pipe when neither the SHELL nor the
// script turns pipefail on: a failure on the left of the pipe is hidden and
// the build goes on with a broken step. Every stage is judged (a masked
// failure breaks what a build stage produces as much as the final one).
var DF054 = &rule.Rule{
	ID:       "DF054",
	Name:     "pipe-without-pipefail",
	Title:    "RUN pipe without pipefail",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "supply-chain-and-integrity",
	Equivalents: rule.Equivalents{Hadolint: []string{"DL4006"},
		KICS: []string{"shell_running_a_pipe_without_pipefail_flag"}},
	Check: checkDF054,
}

// df054Harmless are commands on the left of a pipe that cannot fail in a
// way pipefail would catch (and `yes`, which pipefail would turn into a
// failure through SIGPIPE).
var df054Harmless = map[string]bool{"echo": true, "printf": true, "yes": true, "true": true}

func checkDF054(p *rule.Pass) {
	f := p.Dockerfile
	for _, st := range hygStages(f, false) {
		for _, in := range st.Instructions {
			if in.Cmd != "RUN" || in.JSONForm || (!strings.Contains(in.Original, "|") && len(in.Heredocs) == 0) {
				continue
			}
			s := in.Shell()
			if s == nil || s.Shell == nil || hygFlagSetsPipefail(s.Shell) {
				continue
			}
			if pl := df054Pipe(s); pl != nil {
				names := make([]string, 0, pl.Len)
				last := -1
				for _, c := range pl.Commands {
					if c.PipeIndex != last {
						names = append(names, c.Name)
						last = c.PipeIndex
					}
				}
				ev := strings.Join(names, " | ")
				p.Reportf(in.Range, hygLoc(st, "RUN/"+ev), ev,
					"RUN pipes `%s` %s without pipefail, so a failure on the left of the pipe is ignored and the build carries on (use SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] or start the script with set -o pipefail)",
					ev, hygStageWords(f, st))
			}
		}
	}
}

// df054Pipe returns the first pipeline of the script that runs before any
// `set -o pipefail` and whose left side can fail.
func df054Pipe(s *dockerfile.Script) *dockerfile.Pipeline {
	for _, c := range s.Commands {
		if c.Name == "set" && hygFlagSetsPipefail(c.Args) {
			return nil
		}
		pl := c.Pipeline
		if pl == nil || pl.Len < 2 || c.PipeIndex != 0 || pl.Commands[0] != c {
			continue
		}
		if df054InArgument(c) || df054ChecksumSink(pl) {
			continue
		}
		for _, d := range pl.Commands {
			if d.PipeIndex < pl.Len-1 && !df054Harmless[d.Name] {
				return pl
			}
		}
	}
	return nil
}

// df054Checksums are the checksum tools whose check mode fails on empty or
// truncated input, so a failure on the left of the pipe fails the pipe.
var df054Checksums = map[string]bool{
	"md5sum": true, "sha1sum": true, "sha224sum": true, "sha256sum": true, "sha384sum": true,
	"sha512sum": true, "b2sum": true, "shasum": true,
}

// df054ChecksumSink reports whether the pipe ends in a checksum check
// (`awk … | sha512sum -c`): when the left side fails, the check reads no
// valid line and fails the RUN anyway, so pipefail changes nothing.
func df054ChecksumSink(pl *dockerfile.Pipeline) bool {
	var last *dockerfile.Command
	for _, c := range pl.Commands {
		if c.PipeIndex == pl.Len-1 {
			last = c
			break
		}
	}
	return last != nil && df054Checksums[last.Name] && (last.HasShort('c') || last.Has("--check"))
}

// df054InArgument reports whether c runs inside a $(…) or <(…) that is an
// argument of another command (`echo "$(cat f | tr a-f A-F)  file"`): the
// outer command's status ignores the substitution's, with or without
// pipefail. Pipes in a `sh -c` script are still judged.
func df054InArgument(c *dockerfile.Command) bool {
	p := c.Parent
	if p == nil {
		return false
	}
	switch p.Name {
	case "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox":
		return false
	}
	return true
}
