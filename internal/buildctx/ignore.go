package buildctx

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// Ignore is one .dockerignore as BuildKit reads it: its path, its patterns
// and BuildKit's matcher for them, compiled once so that every Dockerfile
// and check using the file can share it.
type Ignore struct {
	// File is the .dockerignore's slash path from the repository root.
	File string
	// Patterns are its patterns, as BuildKit reads them.
	Patterns []string
	matcher  *patternmatcher.PatternMatcher
}

// IgnoreFiles returns the .dockerignore files BuildKit looks for when it
// builds the Dockerfile at dockerfilePath with the context folder dir, the
// one that wins first: <Dockerfile>.dockerignore next to the Dockerfile,
// then <dir>/.dockerignore.
func IgnoreFiles(dockerfilePath, dir string) []string {
	return []string{dockerfilePath + ".dockerignore", path.Join(path.Clean(dir), ".dockerignore")}
}

// ReadIgnore reads and compiles the .dockerignore at name (a slash path in
// fsys); it returns nil and no error when there is no such file.
func ReadIgnore(fsys fs.FS, name string) (*Ignore, error) {
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	m, err := patternmatcher.New(patterns)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	return &Ignore{File: name, Patterns: patterns, matcher: m}, nil
}

// NewContext returns the build context of the folder dir with ig in force
// (nil when no .dockerignore applies), listing the files of tree it sends:
// what Load returns, for a caller that has read the .dockerignore itself.
func NewContext(tree *Tree, dir string, ig *Ignore) *Context {
	c := &Context{Dir: path.Clean(dir)}
	if ig != nil {
		c.IgnoreFile, c.Patterns, c.matcher = ig.File, ig.Patterns, ig.matcher
	}
	for _, f := range tree.Under(c.Dir) {
		if !c.Excluded(strings.TrimSuffix(f, "/")) {
			c.files = append(c.files, f)
		}
	}
	return c
}

// Exclusions reports whether the .dockerignore has `!` exceptions.
func (ig *Ignore) Exclusions() bool { return ig != nil && ig.matcher.Exclusions() }

// CopyIgnored mirrors BuildKit's CopyIgnoredFile check (dockerfile2llb's
// validateCopySourcePath) for one COPY or ADD source read from the build
// context, after variable expansion. It returns the source as BuildKit
// names it (cleaned, slash-separated) and whether the check fires: never
// when the .dockerignore has `!` exceptions (BuildKit cannot tell
// statically whether an exception brings the file back), for "." and "/"
// only when a pattern is "*", "**" or "**/*" (every root entry excluded),
// else when BuildKit's matcher excludes the source or one of its parent
// folders. A source with a leading "/" is matched as written, so patterns
// (which BuildKit stores without one) do not match it: BuildKit does the
// same.
func (ig *Ignore) CopyIgnored(src string) (string, bool) {
	src = path.Clean(src)
	if ig == nil || ig.matcher.Exclusions() {
		return src, false
	}
	if src == "." || src == "/" {
		if !rootIgnored(ig.matcher) {
			return src, false
		}
	}
	ok, err := ig.matcher.MatchesOrParentMatches(src)
	return src, err == nil && ok
}

// rootIgnored reports whether a pattern excludes every entry of the context
// root, as BuildKit's copySourceRootIgnored does.
func rootIgnored(m *patternmatcher.PatternMatcher) bool {
	for _, p := range m.Patterns() {
		if p.Exclusion() {
			continue
		}
		switch p.String() {
		case "*", "**", "**/*":
			return true
		}
	}
	return false
}
