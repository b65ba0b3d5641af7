// Package source finds the files stevedore reviews — Dockerfiles, Compose
// files, Kubernetes manifests and .dockerignore files — classifies them by
// name or by a cheap look at their content, and reads them under a size limit.
package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
)

// Kind is the kind of a discovered file.
type Kind string

// The kinds of file stevedore understands.
const (
	KindDockerfile   Kind = "dockerfile"
	KindCompose      Kind = "compose"
	KindKubernetes   Kind = "kubernetes"
	KindDockerignore Kind = "dockerignore"
)

// File is one discovered file.
type File struct {
	Path string // slash-separated, relative to the root of the file system
	Kind Kind
	Size int64
}

// DefaultSniffLimit is how much of an unnamed YAML file is read to classify it.
const DefaultSniffLimit = 64 << 10

// MaxFileSize is the default largest file Read accepts (2 MiB).
const MaxFileSize = 2 << 20

// Options tunes Discover.
type Options struct {
	// Paths are the roots to walk inside the file system; a path may name a
	// single file. Empty means ".".
	Paths []string
	// Exclude holds .gitignore-style patterns (see Excluder).
	Exclude []string
	// SniffLimit caps the bytes read from a YAML file to classify it;
	// zero or less means DefaultSniffLimit.
	SniffLimit int64
	// Found, when set, is called on the walking goroutine with each file as
	// soon as it is certain to be in the result (every file reached without
	// a symbolic link), so a caller can start on it while the walk goes on.
	// Files reached through links are only in the returned list.
	Found func(File)
	// Visit, when set, is called on the walking goroutine with every entry
	// of every folder read without a symbolic link, in walk order (a
	// folder's entries sorted by name, a folder's own entries before its
	// next sibling), before the entry is excluded or classified. walked
	// tells, for a folder, whether Discover reads it next (it does not read
	// .git, vendor, node_modules or excluded folders). A caller that needs
	// the whole tree (the cross-file rules) can so list it without a second
	// walk.
	Visit func(path string, d fs.DirEntry, walked bool)
}

// skippedDirs are never walked into (they may still be named in Options.Paths).
var skippedDirs = map[string]bool{".git": true, "vendor": true, "node_modules": true}

// Discover walks fsys and returns the files stevedore understands, sorted by
// path. Hidden folders are walked; .git, vendor and node_modules are not.
// Files named as Dockerfiles, Compose files or .dockerignore files are
// classified by name; other .yml/.yaml files and kubeconfig files (see
// Sniffed) by Sniff on their first SniffLimit bytes, and skipped when they
// are neither Compose nor Kubernetes.
//
// When fsys implements fs.ReadLinkFS, symbolic links are followed only while
// they stay inside fsys; a file reached twice (through a link and directly) is
// reported once, under the path that uses no link.
func Discover(fsys fs.FS, opts Options) ([]File, error) {
	var res resolver = plainResolver{}
	if rl, ok := fsys.(fs.ReadLinkFS); ok {
		res = fsResolver{rl}
	}
	return discover(fsys, res, opts)
}

func discover(fsys fs.FS, res resolver, opts Options) ([]File, error) {
	ex, err := NewExcluder(opts.Exclude)
	if err != nil {
		return nil, err
	}
	w := &walker{
		fsys:     fsys,
		res:      res,
		ex:       ex,
		sniff:    opts.SniffLimit,
		found:    opts.Found,
		visit:    opts.Visit,
		visited:  map[string]bool{},
		byCanon:  map[string]candidate{},
		deferred: nil,
	}
	if w.sniff <= 0 {
		w.sniff = DefaultSniffLimit
	}
	roots := opts.Paths
	if len(roots) == 0 {
		roots = []string{"."}
	}
	for _, r := range roots {
		p := path.Clean(r)
		if !fs.ValidPath(p) {
			return nil, fmt.Errorf("discover %q: path must be relative and stay inside the root", r)
		}
		if err := w.root(p); err != nil {
			return nil, err
		}
	}
	// Symlinked folders are walked after everything reachable without a link,
	// so that real paths win and a folder is never walked twice.
	for len(w.deferred) > 0 {
		d := w.deferred[0]
		w.deferred = w.deferred[1:]
		if err := w.dir(d.path, d.canon, true); err != nil {
			return nil, err
		}
	}
	files := make([]File, 0, len(w.byCanon))
	for _, c := range w.byCanon {
		files = append(files, c.File)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

type candidate struct {
	File
	viaLink bool
}

type pending struct{ path, canon string }

type walker struct {
	fsys     fs.FS
	res      resolver
	ex       *Excluder
	sniff    int64
	found    func(File)
	visit    func(string, fs.DirEntry, bool)
	visited  map[string]bool // canonical folders walked
	byCanon  map[string]candidate
	deferred []pending
}

func (w *walker) root(p string) error {
	info, err := fs.Stat(w.fsys, p)
	if err != nil {
		return fmt.Errorf("discover %s: %w", p, err)
	}
	canon, ok := w.res.canonical(w.fsys, p)
	if !ok {
		return fmt.Errorf("discover %s: resolves outside the root", p)
	}
	if info.IsDir() {
		return w.dir(p, canon, canon != p)
	}
	// A file named explicitly is classified like any other, but not excluded.
	return w.file(p, canon, info.Size(), canon != p)
}

func (w *walker) dir(p, canon string, viaLink bool) error {
	if w.visited[canon] {
		return nil
	}
	w.visited[canon] = true
	entries, err := fs.ReadDir(w.fsys, p)
	if err != nil {
		return fmt.Errorf("discover %s: %w", p, err)
	}
	for _, e := range entries {
		name := e.Name()
		child := join(p, name)
		childCanon := join(canon, name)
		typ := e.Type()
		isDir := e.IsDir()
		walk := isDir && !skippedDirs[name] && !w.ex.ExcludedDir(child)
		if w.visit != nil && !viaLink {
			w.visit(child, e, walk)
		}
		if typ&fs.ModeSymlink != 0 {
			if w.ex.Excluded(child, false) {
				continue
			}
			target, ok := w.res.canonical(w.fsys, child)
			if !ok {
				continue // leaves the root, dangling, or loops
			}
			info, err := fs.Stat(w.fsys, child)
			if err != nil {
				continue
			}
			switch {
			case info.IsDir():
				if !skippedDirs[name] && !w.ex.ExcludedDir(child) {
					w.deferred = append(w.deferred, pending{child, target})
				}
			case info.Mode().IsRegular():
				if err := w.file(child, target, info.Size(), true); err != nil {
					return err
				}
			}
			continue
		}
		if isDir {
			if !walk {
				continue
			}
			if err := w.dir(child, childCanon, viaLink); err != nil {
				return err
			}
			continue
		}
		if !typ.IsRegular() || w.ex.Excluded(child, false) {
			continue
		}
		if ClassifyName(name) == "" && !Sniffed(child) {
			continue // skip the Info call for files we would never report
		}
		info, err := e.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // removed while walking
			}
			return fmt.Errorf("discover %s: %w", child, err)
		}
		if err := w.file(child, childCanon, info.Size(), viaLink); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) file(p, canon string, size int64, viaLink bool) error {
	kind := ClassifyName(path.Base(p))
	if kind == "" && Sniffed(p) {
		head, err := readHead(w.fsys, p, w.sniff)
		if err != nil {
			return fmt.Errorf("discover %s: %w", p, err)
		}
		kind = Sniff(head)
	}
	if kind == "" {
		return nil
	}
	c := candidate{File{Path: p, Kind: kind, Size: size}, viaLink}
	old, seen := w.byCanon[canon]
	if seen && !better(c, old) {
		return nil
	}
	w.byCanon[canon] = c
	// A file reached without a link is final: only another link-free path
	// to the same file could beat it, and without links there is none.
	if w.found != nil && !viaLink && (!seen || old.viaLink) {
		w.found(c.File)
	}
	return nil
}

// better reports whether c should replace old as the path reported for one file.
func better(c, old candidate) bool {
	if c.viaLink != old.viaLink {
		return !c.viaLink
	}
	return c.Path < old.Path
}

func readHead(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}
