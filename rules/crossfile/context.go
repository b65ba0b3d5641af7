package crossfile

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/dfgitutil"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/stevedore-dev/stevedore/internal/buildctx"
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// copySite is one COPY or ADD that takes files from the build context.
type copySite struct {
	path    string // the Dockerfile
	stage   *dockerfile.Stage
	in      *dockerfile.Instruction
	sources []string // the context sources, expanded as BuildKit does
	// shipped says whether the stage ships (XF001 and XF002 judge only those).
	shipped bool
	// ignore is the .dockerignore in force, nil when none applies.
	ignore *buildctx.Ignore
	// ctx lists what the context sends; set for shipped sites only.
	ctx *buildctx.Context
	// err says why the .dockerignore could not be read; the site is then
	// reported as that error and not judged.
	err error
}

// contextDir is the build context folder of the Dockerfile at p: the
// config's mapping, else the context of a Compose service that builds it,
// else the Dockerfile's folder.
func contextDir(repo *rule.Repo, p string) string {
	if d, ok := repo.BuildContexts[p]; ok {
		return path.Clean(d)
	}
	for _, proj := range repo.Compose {
		for _, svc := range proj.Services {
			if b := svc.Build; b != nil && !b.Remote && b.Dockerfile == p {
				return path.Clean(b.Context)
			}
		}
	}
	return path.Dir(p)
}

// copySites lists the context-reading COPY and ADD instructions of every
// shipped stage of every Dockerfile, with their build contexts.
func copySites(p *rule.Pass) []copySite { return sitesFor(p, true) }

// allCopySites lists the context-reading COPY and ADD instructions of every
// stage of every Dockerfile, with the .dockerignore in force (and the
// context's files for shipped stages).
func allCopySites(p *rule.Pass) []copySite { return sitesFor(p, false) }

// sitesFor returns the sites (of shipped stages only, if shippedOnly) that
// could be judged, and reports to the pass, once per Dockerfile at its first
// such site, a .dockerignore that could not be read. The sites are found
// once per scan for every rule that asks (each .dockerignore read and
// compiled once, each context's files listed once).
func sitesFor(p *rule.Pass, shippedOnly bool) []copySite {
	repo := p.Repo
	if repo == nil || repo.Tree == nil {
		return nil
	}
	fsys := p.FS
	all, _ := repo.Shared(copySitesKey{}, func() any { return findCopySites(repo, fsys) }).([]copySite)
	var out []copySite
	var failed string
	for _, s := range all {
		if shippedOnly && !s.shipped {
			continue
		}
		if s.err != nil {
			if s.path != failed {
				failed = s.path
				p.Report(finding.Finding{Path: s.path, Range: s.in.Range, Location: location(s.stage, s.in),
					Message: fmt.Sprintf("Build context could not be read: %v", s.err)})
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// copySitesKey keys the copy sites in rule.Repo.Shared.
type copySitesKey struct{}

// findCopySites lists the sites of every Dockerfile, sorted by path and
// then in file order.
func findCopySites(repo *rule.Repo, fsys fs.FS) []copySite {
	paths := make([]string, 0, len(repo.Dockerfiles))
	for path := range repo.Dockerfiles {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	ignores := map[string]*buildctx.Ignore{} // by .dockerignore path; nil: absent
	readErrs := map[string]error{}
	contexts := map[[2]string]*buildctx.Context{} // by folder and .dockerignore
	var sites []copySite
	for _, dfPath := range paths {
		f := repo.Dockerfiles[dfPath]
		first := len(sites)
		for _, st := range f.Stages {
			shipped := f.Ships(st)
			for _, in := range st.Instructions {
				if srcs := contextSources(in); len(srcs) > 0 {
					sites = append(sites, copySite{path: dfPath, stage: st, in: in, sources: srcs, shipped: shipped})
				}
			}
		}
		if len(sites) == first {
			continue
		}
		dir := contextDir(repo, dfPath)
		var ig *buildctx.Ignore
		var err error
		for _, name := range buildctx.IgnoreFiles(dfPath, dir) {
			cached, seen := ignores[name]
			if !seen {
				cached, readErrs[name] = buildctx.ReadIgnore(fsys, name)
				ignores[name] = cached
			}
			if ig, err = cached, readErrs[name]; ig != nil || err != nil {
				break
			}
		}
		var ctx *buildctx.Context
		for i := first; i < len(sites); i++ {
			s := &sites[i]
			s.ignore, s.err = ig, err
			if s.shipped && err == nil {
				if ctx == nil {
					key := [2]string{path.Clean(dir), ""}
					if ig != nil {
						key[1] = ig.File
					}
					if ctx = contexts[key]; ctx == nil {
						ctx = buildctx.NewContext(repo.Tree, dir, ig)
						contexts[key] = ctx
					}
				}
				s.ctx = ctx
			}
		}
	}
	return sites
}

// contextSources returns the sources a COPY or ADD takes from the build
// context, as BuildKit sees them after expanding ARG and ENV: not for
// --from, and without here-documents, URLs, Git repositories and sources
// whose variables have no known value. It reads the instruction's words,
// not BuildKit's typed command, which the scan drops from the models it
// keeps for the cross-file rules (dockerfile.File.Compact).
func contextSources(in *dockerfile.Instruction) []string {
	if in.Cmd != "COPY" && in.Cmd != "ADD" || in.Stage == nil || len(in.Args) < 2 {
		return nil
	}
	if _, ok := in.Flag("from"); ok {
		return nil
	}
	var out []string
	for _, w := range in.Args[:len(in.Args)-1] {
		if strings.HasPrefix(w, "<<") && parser.MustParseHeredoc(w) != nil {
			continue
		}
		src, ok := in.Stage.Expand(w, in)
		if ok && src != "" && !remoteSource(src) {
			out = append(out, src)
		}
	}
	return out
}

// remoteSource reports whether BuildKit fetches src instead of reading it
// from the build context: an http(s) URL, or a Git reference it cannot
// mistake for a local path (dockerfile2llb's dispatchCopy).
func remoteSource(src string) bool {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		return true
	}
	if !strings.Contains(src, ":") {
		return false // no Git URL form (scheme://, user@host:path) without a colon
	}
	g, _, err := dfgitutil.ParseGitRef(src)
	return err == nil && !g.IndistinguishableFromLocal
}

// location names an instruction by its stage and text, stable when lines move.
func location(st *dockerfile.Stage, in *dockerfile.Instruction) string {
	name := st.Name
	if st.IsFinal() {
		name = "final"
	} else if name == "" {
		name = fmt.Sprint(st.Index)
	}
	return fmt.Sprintf("stage[%s]/%s %s", name, in.Cmd, strings.Join(in.Args, " "))
}

// broad reports whether a source takes the whole context.
func broad(src string) bool {
	c := path.Clean("/" + src)
	return c == "/"
}
