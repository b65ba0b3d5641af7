package source

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// resolver turns a path into its canonical, link-free form inside the root.
// ok is false when the path leaves the root, dangles or loops.
type resolver interface {
	canonical(fsys fs.FS, p string) (canon string, ok bool)
}

// plainResolver is used for file systems that cannot read links: paths are
// taken as they are.
type plainResolver struct{}

func (plainResolver) canonical(_ fs.FS, p string) (string, bool) { return p, true }

// maxLinkHops bounds the links followed while resolving one path.
const maxLinkHops = 40

// fsResolver resolves links with fs.ReadLinkFS, refusing absolute targets and
// targets that climb above the root.
type fsResolver struct{ fsys fs.ReadLinkFS }

func (r fsResolver) canonical(_ fs.FS, p string) (string, bool) {
	var done []string
	todo := strings.Split(p, "/")
	hops := 0
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", false
			}
			done = done[:len(done)-1]
			continue
		}
		cur := path.Join(append(done, c)...)
		info, err := fs.Lstat(r.fsys, cur)
		if err != nil {
			return "", false
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = append(done, c)
			continue
		}
		hops++
		if hops > maxLinkHops {
			return "", false
		}
		target, err := r.fsys.ReadLink(cur)
		if err != nil || strings.HasPrefix(target, "/") {
			return "", false
		}
		todo = append(strings.Split(target, "/"), todo...)
	}
	if len(done) == 0 {
		return ".", true
	}
	return path.Join(done...), true
}

// osResolver resolves links on the operating system's file system and keeps
// only paths whose target stays under the (itself resolved) root.
type osResolver struct{ root, realRoot string }

func (r osResolver) canonical(_ fs.FS, p string) (string, bool) {
	real, err := filepath.EvalSymlinks(filepath.Join(r.root, filepath.FromSlash(p)))
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(r.realRoot, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// DiscoverDir is Discover over the operating system folder root. Symbolic
// links are followed only when their target resolves inside root; links that
// leave root, dangle or loop are skipped.
func DiscoverDir(root string, opts Options) ([]File, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", root, err)
	}
	realRoot, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", root, err)
	}
	return discover(os.DirFS(abs), osResolver{root: abs, realRoot: realRoot}, opts)
}
