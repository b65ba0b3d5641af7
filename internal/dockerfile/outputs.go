package dockerfile

import "strings"

// Outputs returns the stages whose image may be an output, in file order:
// see MayShip.
func (f *File) Outputs() []*Stage {
	if f == nil {
		return nil
	}
	var out []*Stage
	for _, s := range f.Stages {
		if f.MayShip(s) {
			out = append(out, s)
		}
	}
	return out
}

// MayShip reports whether s's filesystem may become an image, the question
// the size and hygiene rules ask (Ships answers a narrower one: what the
// image that is built holds). A stage may ship when it is in the final
// stage's FROM chain or — only when no explicit target was given (Target
// is "") — in the FROM chain of a stage that no other stage consumes (see
// Consumed).
//
// The reason: a stage that nothing consumes is only in the file to be
// built on its own (`docker build --target`; the classic builder and
// buildah build every stage), so we cannot show that it does not ship. The
// stages left out are those we know are cherry-picked through COPY --from
// or RUN --mount=from, or only serve as bases of such stages: a cache left
// behind there never reaches an image by itself. With an explicit target
// the build is known, so only the target's chain counts.
func (f *File) MayShip(s *Stage) bool {
	if f == nil || s == nil || s.file != f || s.Index >= len(f.mayShip) {
		return f.Ships(s)
	}
	return f.mayShip[s.Index]
}

// Consumed reports whether a later stage uses s: builds FROM it, copies
// from it (COPY/ADD --from, by name or index) or mounts it (RUN
// --mount=from=<name>).
func (f *File) Consumed(s *Stage) bool {
	if f == nil || s == nil || s.file != f || s.Index >= len(f.consumed) {
		return false
	}
	return f.consumed[s.Index]
}

// OutputFor returns a stage that no other stage consumes and whose FROM
// chain holds s (s itself when s is not consumed), preferring the final
// stage; nil when there is none. Messages use it to say why a stage may
// ship.
func (f *File) OutputFor(s *Stage) *Stage {
	if f == nil || s == nil {
		return nil
	}
	if f.Ships(s) {
		return f.Final()
	}
	for _, t := range f.Stages {
		if t.Index < s.Index || f.Consumed(t) {
			continue
		}
		for c := t; c != nil; c = c.BaseStage {
			if c == s {
				return t
			}
		}
	}
	return nil
}

// linkStages fills consumed and mayShip; it runs at the end of Parse, while
// the typed commands that ARG expansion reads are still there.
func (f *File) linkStages(explicitTarget bool) {
	n := len(f.Stages)
	f.consumed = make([]bool, n)
	f.mayShip = make([]bool, n)
	for _, s := range f.Stages {
		if s.BaseStage != nil {
			f.consumed[s.BaseStage.Index] = true
		}
		for _, in := range s.Instructions {
			switch in.Cmd {
			case "COPY", "ADD":
				if src := f.CopySource(in); src != nil {
					f.consumed[src.Index] = true
				}
			case "RUN":
				for _, m := range in.Mounts() {
					if src := f.mountSource(in, m.From); src != nil {
						f.consumed[src.Index] = true
					}
				}
			}
		}
	}
	mark := func(s *Stage) {
		for ; s != nil && !f.mayShip[s.Index]; s = s.BaseStage {
			f.mayShip[s.Index] = true
		}
	}
	mark(f.Final())
	if explicitTarget {
		return
	}
	for _, s := range f.Stages {
		if !f.consumed[s.Index] {
			mark(s)
		}
	}
}

// mountSource returns the earlier stage a RUN --mount takes its files from
// (`from=<stage name>`, from the mount BuildKit parsed), or nil. BuildKit
// looks mount sources up by stage name only; anything else is an image.
func (f *File) mountSource(in *Instruction, from string) *Stage {
	if strings.Contains(from, "$") && in.Stage != nil {
		if e, ok := in.Stage.Expand(from, in); ok {
			from = e
		}
	}
	from = strings.ToLower(from)
	for i := in.Stage.Index - 1; i >= 0 && from != ""; i-- {
		if f.Stages[i].Name == from {
			return f.Stages[i]
		}
	}
	return nil
}
