package crossfile

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/buildctx"
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// copySite is one COPY or ADD of a shipped stage that takes files from the
// build context.
type copySite struct {
	path    string // the Dockerfile
	stage   *dockerfile.Stage
	in      *dockerfile.Instruction
	sources []string
	ctx     *buildctx.Context
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
// shipped stage of every Dockerfile, with their build contexts (each
// context compiled once, and the list made once per scan for every rule
// that asks). A context that cannot be read is reported to each rule.
func copySites(p *rule.Pass) []copySite {
	repo := p.Repo
	if repo == nil || repo.Tree == nil {
		return nil
	}
	fsys := p.FS
	set, _ := repo.Shared(copySitesKey{}, func() any { return findCopySites(repo, fsys) }).(*copySiteSet)
	if set == nil {
		return nil
	}
	for _, e := range set.errs {
		p.Reportf(e.in.Range, location(e.stage, e.in), "", "Build context could not be read: %v", e.err)
	}
	return set.sites
}

// copySitesKey keys the copy sites in rule.Repo.Shared.
type copySitesKey struct{}

// copySiteSet is what findCopySites found: the sites, and the contexts
// that could not be read, at the first COPY or ADD that needed them.
type copySiteSet struct {
	sites []copySite
	errs  []copySiteError
}

type copySiteError struct {
	stage *dockerfile.Stage
	in    *dockerfile.Instruction
	err   error
}

func findCopySites(repo *rule.Repo, fsys fs.FS) *copySiteSet {
	paths := make([]string, 0, len(repo.Dockerfiles))
	for path := range repo.Dockerfiles {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	set := &copySiteSet{}
	for _, dfPath := range paths {
		f := repo.Dockerfiles[dfPath]
		var ctx *buildctx.Context
		for _, st := range f.Shipped() {
			for _, in := range st.Instructions {
				if in.Cmd != "COPY" && in.Cmd != "ADD" {
					continue
				}
				if _, ok := in.Flag("from"); ok || len(in.Heredocs) > 0 || len(in.Args) < 2 {
					continue
				}
				var srcs []string
				for _, s := range in.Args[:len(in.Args)-1] {
					if !strings.Contains(s, "://") && !strings.HasPrefix(s, "git@") && !strings.Contains(s, "$") {
						srcs = append(srcs, s)
					}
				}
				if len(srcs) == 0 {
					continue
				}
				if ctx == nil {
					c, err := buildctx.Load(fsys, repo.Tree, dfPath, contextDir(repo, dfPath))
					if err != nil {
						set.errs = append(set.errs, copySiteError{stage: st, in: in, err: err})
						break
					}
					ctx = c
				}
				set.sites = append(set.sites, copySite{path: dfPath, stage: st, in: in, sources: srcs, ctx: ctx})
			}
		}
	}
	return set
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
