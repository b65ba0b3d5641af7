package review

import (
	"bytes"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/secret"
	"github.com/stevedore-dev/stevedore/internal/source"
)

// side is one revision's tree with a cache of classified paths.
type side struct {
	fsys  fs.FS
	ex    *source.Excluder
	kinds map[string]source.Kind
	dirs  map[string][]string
}

func newSide(fsys fs.FS, ex *source.Excluder) *side {
	return &side{fsys: fsys, ex: ex, kinds: map[string]source.Kind{}, dirs: map[string][]string{}}
}

// kind classifies p on this side: by name, else by sniffing YAML; "" when
// the file is absent, excluded or not a container file.
func (s *side) kind(p string) source.Kind {
	if k, ok := s.kinds[p]; ok {
		return k
	}
	k := s.classify(p)
	s.kinds[p] = k
	return k
}

func (s *side) classify(p string) source.Kind {
	if s.fsys == nil || p == "" || !fs.ValidPath(p) || s.ex.Excluded(p, false) {
		return ""
	}
	info, err := fs.Stat(s.fsys, p)
	if err != nil || !info.Mode().IsRegular() {
		return ""
	}
	if k := source.ClassifyName(path.Base(p)); k != "" {
		return k
	}
	if !source.Sniffed(p) {
		return ""
	}
	f, err := s.fsys.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	head, _ := io.ReadAll(io.LimitReader(f, source.DefaultSniffLimit))
	return source.Sniff(head)
}

// files lists the regular files directly in dir.
func (s *side) files(dir string) []string {
	if out, ok := s.dirs[dir]; ok {
		return out
	}
	var out []string
	if s.fsys != nil {
		entries, _ := fs.ReadDir(s.fsys, dir)
		for _, e := range entries {
			if e.Type().IsRegular() {
				out = append(out, join(dir, e.Name()))
			}
		}
	}
	s.dirs[dir] = out
	return out
}

func (s *side) exists(p string) bool {
	if s.fsys == nil || p == "" {
		return false
	}
	_, err := fs.Stat(s.fsys, p)
	return err == nil
}

// containsBuild reports whether a Compose file mentions build:, so that a
// changed Dockerfile re-evaluates only projects that may build it.
func (s *side) containsBuild(p string) bool {
	data, err := source.Read(s.fsys, p, source.MaxFileSize)
	return err == nil && bytes.Contains(data, []byte("build"))
}

func join(dir, name string) string {
	if dir == "." || dir == "" {
		return name
	}
	return dir + "/" + name
}

// selection is what both sides analyse, keyed by the head-side ("logical")
// path of each file.
type selection struct {
	base, head *side
	renames    map[string]string // base path → head path (renames only)
	reverse    map[string]string // head path → base path (renames)
	copies     map[string]string // head path of a copy → its source's base path
	byPath     map[string]*diff.FileDiff
	logical    map[string]string // logical path → reason ("" = changed)
	cfg        *config.Config
}

func (sel *selection) headOf(basePath string) string {
	if h, ok := sel.renames[basePath]; ok {
		return h
	}
	return basePath
}

func (sel *selection) baseOf(logical string) string {
	if b, ok := sel.reverse[logical]; ok {
		return b
	}
	return logical
}

// kindOf classifies a logical path on whichever side has it (head first).
func (sel *selection) kindOf(logical string) source.Kind {
	if k := sel.head.kind(logical); k != "" {
		return k
	}
	return sel.base.kind(sel.baseOf(logical))
}

func (sel *selection) add(logical, reason string) bool {
	if _, ok := sel.logical[logical]; ok {
		return false
	}
	if sel.kindOf(logical) == "" {
		return false
	}
	sel.logical[logical] = reason
	return true
}

// selectFiles decides what to analyse: the container files the diff
// touches, and the files whose results depend on a touched file.
func selectFiles(base, head fs.FS, diffs []*diff.FileDiff, cfg *config.Config) *selection {
	ex, err := source.NewExcluder(cfg.Exclude)
	if err != nil {
		ex, _ = source.NewExcluder(nil)
	}
	sel := &selection{
		base: newSide(base, ex), head: newSide(head, ex),
		renames: map[string]string{}, reverse: map[string]string{}, copies: map[string]string{},
		byPath: map[string]*diff.FileDiff{}, logical: map[string]string{}, cfg: cfg,
	}
	var dotenvDirs, secretFiles []string
	for _, fd := range diffs {
		switch fd.Status {
		case diff.StatusRenamed:
			sel.renames[fd.OldPath] = fd.NewPath
			sel.reverse[fd.NewPath] = fd.OldPath
		case diff.StatusCopied:
			sel.copies[fd.NewPath] = fd.OldPath
		}
		sel.byPath[fd.Path()] = fd
	}
	for _, fd := range diffs {
		for _, p := range []string{fd.NewPath, sel.headOf(fd.OldPath)} {
			if p != "" {
				sel.add(p, "")
			}
		}
		for _, p := range []string{fd.NewPath, fd.OldPath} {
			if path.Base(p) == ".env" {
				dotenvDirs = append(dotenvDirs, path.Dir(p))
			}
			if ok, _ := secret.SecretLikeFile(p); ok && p != "" {
				secretFiles = append(secretFiles, p)
			}
		}
	}
	// Dependents, to a fixed point (a Dockerfile pulls in a compose project,
	// a compose file pulls in its folder's other compose files).
	for _, d := range dotenvDirs {
		sel.addComposeFolder(d, "depends on "+join(d, ".env"))
	}
	for _, p := range secretFiles {
		sel.addDockerfilesAbove(p, "its build context holds "+p)
	}
	for changed := true; changed; {
		changed = false
		for _, l := range slices.Sorted(maps.Keys(sel.logical)) {
			reasonFor := "depends on " + l
			switch sel.kindOf(l) {
			case source.KindDockerignore:
				changed = sel.addDockerfilesUsing(l, reasonFor) || changed
			case source.KindCompose:
				changed = sel.addComposeFolder(path.Dir(l), "same Compose project as "+l) || changed
			case source.KindDockerfile:
				changed = sel.addComposeBuilding(l, "builds "+l) || changed
			}
		}
	}
	return sel
}

// addDockerfilesUsing adds the Dockerfiles whose build context a
// .dockerignore filters: those in its folder (for <name>.dockerignore,
// the Dockerfile <name>), and those the config maps to that folder.
func (sel *selection) addDockerfilesUsing(ignore, reason string) bool {
	dir := path.Dir(ignore)
	name := path.Base(ignore)
	added := false
	for _, sd := range []*side{sel.head, sel.base} {
		for _, p := range sd.files(dir) {
			if sd.kind(p) != source.KindDockerfile {
				continue
			}
			if name != ".dockerignore" && path.Base(p)+".dockerignore" != name {
				continue
			}
			added = sel.add(sel.logicalFor(sd, p), reason) || added
		}
	}
	for df, ctx := range sel.cfg.BuildContexts {
		if path.Clean(ctx) == dir && name == ".dockerignore" {
			added = sel.add(path.Clean(df), reason) || added
		}
	}
	return added
}

// addDockerfilesAbove adds the Dockerfiles whose default build context
// (their folder) or configured context holds the file p: those in p's
// folder and the folders above it. A secret-like file added, removed or
// renamed there may change what their COPY instructions ship.
func (sel *selection) addDockerfilesAbove(p, reason string) bool {
	added := false
	for dir := path.Dir(p); ; dir = path.Dir(dir) {
		for _, sd := range []*side{sel.head, sel.base} {
			for _, f := range sd.files(dir) {
				if sd.kind(f) == source.KindDockerfile {
					added = sel.add(sel.logicalFor(sd, f), reason) || added
				}
			}
		}
		for df, ctx := range sel.cfg.BuildContexts {
			if path.Clean(ctx) == dir {
				added = sel.add(path.Clean(df), reason) || added
			}
		}
		if dir == "." || dir == "/" {
			break
		}
	}
	return added
}

// addComposeFolder adds every Compose file of dir, so the merged project is
// evaluated as docker compose would merge it.
func (sel *selection) addComposeFolder(dir, reason string) bool {
	added := false
	for _, sd := range []*side{sel.head, sel.base} {
		for _, p := range sd.files(dir) {
			if sd.kind(p) == source.KindCompose {
				added = sel.add(sel.logicalFor(sd, p), reason) || added
			}
		}
	}
	return added
}

// addComposeBuilding adds the Compose files, in the Dockerfile's folder and
// the folders above it, that have a build: section (the project is
// re-evaluated whole; a project that does not build the file only costs
// time).
func (sel *selection) addComposeBuilding(dockerfile, reason string) bool {
	added := false
	for dir := path.Dir(dockerfile); ; dir = path.Dir(dir) {
		for _, sd := range []*side{sel.head, sel.base} {
			for _, p := range sd.files(dir) {
				if source.ClassifyName(path.Base(p)) == source.KindCompose && sd.containsBuild(p) {
					added = sel.add(sel.logicalFor(sd, p), reason) || added
				}
			}
		}
		if dir == "." || dir == "/" {
			break
		}
	}
	return added
}

func (sel *selection) logicalFor(sd *side, p string) string {
	if sd == sel.base {
		return sel.headOf(p)
	}
	return p
}

// sideFiles returns the files to scan on one side: the selected container
// files present there, plus the .dockerignore files next to selected
// Dockerfiles (context for the build-context rules).
func (sel *selection) sideFiles(base bool) []source.File {
	sd, pathOf := sel.head, func(l string) string { return l }
	if base {
		sd, pathOf = sel.base, sel.baseOf
	}
	seen := map[string]bool{}
	var out []source.File
	addFile := func(p string) {
		if seen[p] {
			return
		}
		if k := sd.kind(p); k != "" {
			seen[p] = true
			out = append(out, source.File{Path: p, Kind: k})
		}
	}
	for _, l := range slices.Sorted(maps.Keys(sel.logical)) {
		p := pathOf(l)
		if !sd.exists(p) {
			continue
		}
		addFile(p)
		if sd.kind(p) == source.KindDockerfile {
			addFile(join(path.Dir(p), ".dockerignore"))
			addFile(p + ".dockerignore")
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// report lists the analysed files (not the .dockerignore context files
// unless the change touched them).
func (sel *selection) report() []File {
	var out []File
	for _, l := range slices.Sorted(maps.Keys(sel.logical)) {
		f := File{Path: l, Kind: string(sel.kindOf(l)), Change: "unchanged", Reason: sel.logical[l]}
		if fd := sel.byPath[l]; fd != nil {
			f.Change = string(fd.Status)
			f.Reason = ""
			if fd.OldPath != "" && fd.OldPath != l {
				f.BasePath = fd.OldPath
			}
		} else if fd := sel.byPath[sel.baseOf(l)]; fd != nil {
			f.Change, f.Reason = string(fd.Status), ""
		}
		out = append(out, f)
	}
	return out
}
