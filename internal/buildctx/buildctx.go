// Package buildctx answers "what does this COPY really send into the
// image?": it walks the repository tree once, reads a Dockerfile's
// .dockerignore (or <Dockerfile>.dockerignore, which takes precedence, as
// BuildKit does) and evaluates it with BuildKit's own matcher
// (github.com/moby/patternmatcher) over the files that are really there.
package buildctx

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/moby/patternmatcher"
)

// MaxFiles bounds the tree walk; beyond it the tree is marked Truncated.
const MaxFiles = 500_000

// opaqueDirs are recorded as one entry ("node_modules/") without walking
// inside: they are large and rarely hold what the checks look for, except
// .git, whose presence alone matters (history, credentials in config).
var opaqueDirs = map[string]bool{".git": true, "node_modules": true, ".hg": true, ".svn": true}

// Tree is every file of the repository, as sorted slash paths. An opaque
// folder appears once, with a trailing slash.
type Tree struct {
	Files     []string
	Truncated bool
}

// Walk lists the files of fsys.
func Walk(fsys fs.FS) (*Tree, error) {
	c := NewCollector(fsys)
	if err := c.walk(".", true); err != nil {
		return nil, fmt.Errorf("walk build context: %w", err)
	}
	return c.Tree(), nil
}

// Collector builds the Tree Walk would list from the entries of a walk made
// elsewhere (the engine's discovery walk), so that one walk serves both.
type Collector struct {
	fsys fs.FS
	tree Tree
	// opaque is the "dir/" prefix of an opaque folder the caller walks
	// into; the entries below it are not recorded.
	opaque string
}

// NewCollector returns a Collector for the tree of fsys.
func NewCollector(fsys fs.FS) *Collector { return &Collector{fsys: fsys} }

// Add records one entry p (a slash path from the root of fsys) of a walk
// from the root that visits a folder's entries sorted by name and a
// folder's own entries before its next sibling, as fs.WalkDir does.
// walked says whether the caller goes on into the folder p; when it does
// not, Add lists what is below p itself. Symbolic links are not followed.
func (c *Collector) Add(p string, d fs.DirEntry, walked bool) {
	if c.tree.Truncated {
		return
	}
	if c.opaque != "" {
		if strings.HasPrefix(p, c.opaque) {
			return
		}
		c.opaque = ""
	}
	switch err := c.visit(p, d); {
	case errors.Is(err, fs.SkipDir) && walked:
		c.opaque = p + "/"
	case err == nil && d.IsDir() && !walked:
		_ = c.walk(p, false) // errors below the root are skipped
	}
}

// Tree returns the files recorded so far, sorted.
func (c *Collector) Tree() *Tree {
	sort.Strings(c.tree.Files)
	return &c.tree
}

// walk records what is below root with fs.WalkDir. An unreadable folder
// is skipped, and so is an unreadable root unless strict.
func (c *Collector) walk(root string, strict bool) error {
	return fs.WalkDir(c.fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && strict {
				return err
			}
			return nil // an unreadable folder: skip it, keep walking
		}
		if p == root {
			return nil
		}
		return c.visit(p, d)
	})
}

// visit records one entry below the root: fs.SkipDir for an opaque folder
// (recorded once, with a trailing slash), fs.SkipAll once MaxFiles are
// recorded.
func (c *Collector) visit(p string, d fs.DirEntry) error {
	if len(c.tree.Files) >= MaxFiles {
		c.tree.Truncated = true
		return fs.SkipAll
	}
	if d.IsDir() {
		if opaqueDirs[d.Name()] {
			c.tree.Files = append(c.tree.Files, p+"/")
			return fs.SkipDir
		}
		return nil
	}
	if d.Type()&fs.ModeSymlink != 0 {
		return nil // symlinks are sent as links, not followed; not judged here
	}
	c.tree.Files = append(c.tree.Files, p)
	return nil
}

// Under returns the files below dir ("." for all), relative to dir.
func (t *Tree) Under(dir string) []string {
	dir = path.Clean(dir)
	if dir == "." {
		return t.Files
	}
	prefix := dir + "/"
	i := sort.SearchStrings(t.Files, prefix)
	var out []string
	for ; i < len(t.Files) && strings.HasPrefix(t.Files[i], prefix); i++ {
		out = append(out, t.Files[i][len(prefix):])
	}
	return out
}

// Has reports whether the tree holds the file p.
func (t *Tree) Has(p string) bool {
	i := sort.SearchStrings(t.Files, p)
	return i < len(t.Files) && t.Files[i] == p
}

// Context is one build context: a folder of the repository and the
// .dockerignore that applies to it.
type Context struct {
	// Dir is the context folder, a slash path from the repository root.
	Dir string
	// IgnoreFile is the .dockerignore in force ("" when none).
	IgnoreFile string
	// Patterns are its patterns, as BuildKit reads them.
	Patterns []string
	matcher  *patternmatcher.PatternMatcher
	files    []string
}

// Load builds the context of the Dockerfile at dockerfilePath whose context
// folder is dir. <Dockerfile>.dockerignore next to the Dockerfile takes
// precedence over <dir>/.dockerignore.
func Load(fsys fs.FS, tree *Tree, dockerfilePath, dir string) (*Context, error) {
	for _, name := range IgnoreFiles(dockerfilePath, dir) {
		ig, err := ReadIgnore(fsys, name)
		if err != nil {
			return nil, err
		}
		if ig != nil {
			return NewContext(tree, dir, ig), nil
		}
	}
	return NewContext(tree, dir, nil), nil
}

// Excluded reports whether the .dockerignore keeps rel (relative to the
// context) out of the build context.
func (c *Context) Excluded(rel string) bool {
	if c.matcher == nil {
		return false
	}
	ok, err := c.matcher.MatchesOrParentMatches(rel)
	return err == nil && ok
}

// Files returns the files the context sends (relative to Dir); an opaque
// folder that is sent appears once with a trailing slash.
func (c *Context) Files() []string { return c.files }

// Sources returns the files (relative to the context) that a COPY or ADD
// source src takes: "." or "/" takes everything, a folder takes what is
// below it, a wildcard pattern takes what matches it (and what is below a
// matching folder). Files the .dockerignore excludes are not sent.
func (c *Context) Sources(src string) []string {
	src = strings.TrimPrefix(path.Clean("/"+src), "/")
	if src == "" || src == "." {
		return c.files
	}
	wild := strings.ContainsAny(src, "*?[")
	var out []string
	for _, f := range c.files {
		name := strings.TrimSuffix(f, "/")
		if name == src || strings.HasPrefix(name, src+"/") {
			out = append(out, f)
			continue
		}
		if wild && matchPrefix(src, name) {
			out = append(out, f)
		}
	}
	return out
}

// matchPrefix reports whether pattern matches name or one of its parent
// folders, segment by segment (COPY wildcards follow Go's path.Match).
func matchPrefix(pattern, name string) bool {
	pseg := strings.Split(pattern, "/")
	nseg := strings.Split(name, "/")
	if len(nseg) < len(pseg) {
		return false
	}
	for i, p := range pseg {
		if ok, err := path.Match(p, nseg[i]); err != nil || !ok {
			return false
		}
	}
	return true
}

// SuggestIgnore returns the .dockerignore line that keeps file (relative to
// the context) out: the file's base name anywhere below the context for
// names that are secret wherever they are, else the path itself.
func SuggestIgnore(file string) string {
	file = strings.TrimSuffix(file, "/")
	base := path.Base(file)
	if strings.HasPrefix(base, ".env") || strings.HasPrefix(base, "id_") || base == ".npmrc" || base == ".pypirc" ||
		base == ".netrc" || base == ".git-credentials" || base == ".git" {
		return "**/" + base
	}
	if strings.HasSuffix(base, ".pem") || strings.HasSuffix(base, ".key") || strings.HasSuffix(base, ".tfstate") {
		return "**/*" + path.Ext(base)
	}
	return file
}
