package dockerfile

import (
	"io/fs"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF045 flags `COPY . <dest>` (and ADD) that copies the whole build context
// into what ships: the final stage, the stages it is built FROM, and build
// stages whose copied folder a COPY --from carries into the final stage.
var DF045 = &rule.Rule{
	ID:       "DF045",
	Name:     "broad-copy",
	Title:    "Whole build context copied into the image",
	Severity: finding.Low,
	Kind:     rule.KindDockerfile,
	Note:     "build-context-and-drift",
	Check:    checkDF045,
}

func checkDF045(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil || f.Final() == nil {
		return
	}
	// XF002 reports a broad COPY with no .dockerignore at all, with the file
	// count; the lookup waits for the first broad COPY (most files have none).
	ignoreChecked, ignored := false, false
	hasIgnore := func() bool {
		if !ignoreChecked {
			ignoreChecked, ignored = true, hasDockerignore(p)
		}
		return ignored
	}
	done := map[*dockerfile.Instruction]bool{}
	const advice = ": only .dockerignore decides what ships, so a stray .env, key or .git folder goes with it; copy just the paths the app needs, or keep .dockerignore strict (the cross-file check lists the files it lets through)"
	for _, st := range f.Shipped() {
		for _, in := range st.Instructions {
			dest, ok := sdiBroadCopy(in)
			if !ok || !hasIgnore() && p.Enabled("XF002") {
				continue
			}
			done[in] = true
			p.Reportf(in.Range, sdiLoc(in, in.Cmd, ". "+dest), in.Cmd+" . "+dest,
				"%s . %s in %s copies the whole build context into the image%s", in.Cmd, dest, sdiStageDesc(f, st), advice)
		}
	}
	// Build stages whose broad copy a COPY --from in a shipped stage takes
	// over whole.
	for _, st := range f.Shipped() {
		for _, cp := range st.Instructions {
			src := f.CopySource(cp)
			if src == nil || f.Ships(src) {
				continue
			}
			c, ok := cp.Command.(*instructions.CopyCommand)
			if !ok {
				continue
			}
			for u := src; u != nil; u = u.BaseStage {
				for _, in := range u.Instructions {
					dest, ok := sdiBroadCopy(in)
					if !ok || done[in] {
						continue
					}
					abs, ok := sdiAbsDest(u, in, dest)
					if !ok || !sdiCovers(cp, c.SourcePaths, abs) || !hasIgnore() {
						continue
					}
					done[in] = true
					p.Reportf(in.Range, sdiLoc(in, in.Cmd, ". "+dest), in.Cmd+" . "+dest,
						"%s . %s in %s copies the whole build context, and COPY --from=%s in %s carries it into the image%s",
						in.Cmd, dest, sdiStageDesc(f, u), src.String(), sdiStageDesc(f, st), advice)
				}
			}
		}
	}
}

// sdiBroadCopy reports whether in is `COPY . <dest>` or `ADD . <dest>` from
// the build context, and returns dest as written.
func sdiBroadCopy(in *dockerfile.Instruction) (string, bool) {
	var sd instructions.SourcesAndDest
	switch c := in.Command.(type) {
	case *instructions.CopyCommand:
		if c.From != "" {
			return "", false
		}
		sd = c.SourcesAndDest
	case *instructions.AddCommand:
		sd = c.SourcesAndDest
	default:
		return "", false
	}
	if len(sd.SourcePaths) != 1 || (sd.SourcePaths[0] != "." && sd.SourcePaths[0] != "./") {
		return "", false
	}
	return sd.DestPath, true
}

// sdiAbsDest resolves a COPY destination against the WORKDIRs before in
// (in its stage and the stages it is built FROM). It fails for relative
// destinations when no WORKDIR is known (the base image's is unknown).
func sdiAbsDest(st *dockerfile.Stage, in *dockerfile.Instruction, dest string) (string, bool) {
	if strings.Contains(dest, "$") {
		v, ok := st.Expand(dest, in)
		if !ok {
			return "", false
		}
		dest = v
	}
	if path.IsAbs(dest) {
		return path.Clean(dest), true
	}
	wd, ok := sdiWorkdir(st, in)
	if !ok {
		return "", false
	}
	return path.Join(wd, dest), true
}

// sdiWorkdir returns the WORKDIR in effect before instruction at of stage
// s (at nil: the end of s), following FROM <stage>.
func sdiWorkdir(s *dockerfile.Stage, at *dockerfile.Instruction) (string, bool) {
	var dirs []string // innermost last, collected from the end backwards
	for st, stop := s, at; st != nil; st, stop = st.BaseStage, nil {
		seen := stop == nil
		for i := len(st.Instructions) - 1; i >= 0; i-- {
			in := st.Instructions[i]
			if !seen {
				seen = in == stop
				continue
			}
			c, ok := in.Command.(*instructions.WorkdirCommand)
			if !ok {
				continue
			}
			p := c.Path
			if strings.Contains(p, "$") {
				v, ok := st.Expand(p, in)
				if !ok {
					return "", false
				}
				p = v
			}
			dirs = append(dirs, p)
			if path.IsAbs(p) {
				wd := p
				for k := len(dirs) - 2; k >= 0; k-- {
					wd = path.Join(wd, dirs[k])
				}
				return path.Clean(wd), true
			}
		}
	}
	return "", false
}

// sdiCovers reports whether one of the COPY --from sources (paths in the
// source stage's filesystem) holds the whole folder abs.
func sdiCovers(cp *dockerfile.Instruction, sources []string, abs string) bool {
	for _, s := range sources {
		if strings.Contains(s, "$") {
			v, ok := cp.Stage.Expand(s, cp)
			if !ok {
				continue
			}
			s = v
		}
		if strings.ContainsAny(s, "*?[") {
			continue
		}
		s = path.Clean("/" + s)
		if s == "/" || s == abs || strings.HasPrefix(abs, s+"/") {
			return true
		}
	}
	return false
}

// hasDockerignore reports whether the Dockerfile's default build context
// (its folder) has a .dockerignore, or the Dockerfile its own
// <Dockerfile>.dockerignore. Without the scanned tree it assumes one.
func hasDockerignore(p *rule.Pass) bool {
	if p.FS == nil {
		return true
	}
	for _, name := range []string{p.Path + ".dockerignore", path.Join(path.Dir(p.Path), ".dockerignore")} {
		if _, err := fs.Stat(p.FS, name); err == nil {
			return true
		}
	}
	return false
}
