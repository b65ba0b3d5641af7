package review

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/secret"
	"github.com/stevedore-dev/stevedore/internal/source"
)

// suggest turns a new finding's Fix into a suggestion block when that is
// true: the edited lines (and any line echoed around an insertion) are
// lines the change added, all in one hunk, none looks like it holds a
// secret, and re-checking the edited file removes the finding and adds no
// other. It returns the head lines the suggestion replaces and its text.
func (p *planner) suggest(ctx context.Context, it *Item, fd *diff.FileDiff) ([2]int, string, bool) {
	var none [2]int
	if it.Fix == nil || len(it.Fix.Edits) == 0 {
		return none, "", false
	}
	content, err := source.Read(p.req.Head, it.Path, source.MaxFileSize)
	if err != nil {
		return none, "", false
	}
	lines := splitLines(string(content))
	edits := slices.Clone(it.Fix.Edits)
	slices.SortFunc(edits, func(a, b finding.Edit) int { return a.StartLine - b.StartLine })
	lo, hi := 0, 0
	replaced := map[int]bool{}
	for i, e := range edits {
		if e.StartLine < 1 || e.StartLine > len(lines)+1 || e.EndLine < e.StartLine-1 || e.EndLine > len(lines) {
			return none, "", false
		}
		if i > 0 && e.StartLine <= edits[i-1].EndLine {
			return none, "", false // overlapping edits
		}
		if strings.Contains(e.NewText, "```") {
			return none, "", false
		}
		a, b := e.StartLine, e.EndLine
		if b < a { // insertion: the suggestion must echo a neighbouring line
			if a > 1 {
				a, b = a-1, a-1
			} else {
				b = a
			}
		}
		for n := e.StartLine; n <= e.EndLine; n++ {
			replaced[n] = true
		}
		if lo == 0 || a < lo {
			lo = a
		}
		hi = max(hi, b)
	}
	if lo < 1 || hi > len(lines) {
		return none, "", false
	}
	added := fd.Added()
	h := fd.HunkAt(lo)
	for n := lo; n <= hi; n++ {
		if !added[n] || fd.HunkAt(n) != h {
			return none, "", false
		}
		if !replaced[n] && (len(secret.Scan(lines[n-1])) > 0 || len(secret.ScanAssignments(lines[n-1])) > 0) {
			return none, "", false // never echo a line that may hold a secret
		}
	}
	fixed, delta := applyEdits(lines, edits)
	text := strings.Join(fixed[lo-1:hi+delta], "")
	if !p.verify(ctx, it, []byte(strings.Join(fixed, ""))) {
		return none, "", false
	}
	return [2]int{lo, hi}, text, true
}

// splitLines splits content into lines that keep their "\n" (the last line
// gets one when it lacks it).
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.SplitAfter(s, "\n")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	if last := parts[len(parts)-1]; !strings.HasSuffix(last, "\n") {
		parts[len(parts)-1] = last + "\n"
	}
	return parts
}

// applyEdits applies sorted, non-overlapping edits and returns the new
// lines and how many lines longer the file got.
func applyEdits(lines []string, edits []finding.Edit) ([]string, int) {
	out := slices.Clone(lines)
	delta := 0
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		repl := splitLines(e.NewText)
		out = slices.Replace(out, e.StartLine-1, e.EndLine, repl...)
		delta += len(repl) - (e.EndLine - e.StartLine + 1)
	}
	return out, delta
}

// verify re-checks the head with the file replaced by fixed: the finding's
// fingerprint must lose an occurrence and no fingerprint may gain one.
func (p *planner) verify(ctx context.Context, it *Item, fixed []byte) bool {
	opts := p.req.Options
	opts.Inspect, opts.Progress = nil, nil
	s, err := engine.New(p.req.Catalogue, p.cfg, opts)
	if err != nil {
		return false
	}
	unit := p.unitOf(it.Path)
	res, err := s.ScanFiles(ctx, overlayFS{FS: p.req.Head, path: it.Path, data: fixed}, unit)
	if err != nil {
		return false
	}
	inUnit := map[string]bool{}
	for _, f := range unit {
		inUnit[f.Path] = true
	}
	before := map[string]int{}
	for _, f := range p.head.findings {
		if inUnit[f.Path] {
			before[f.Fingerprint()]++
		}
	}
	after := map[string]int{}
	for _, f := range res.Findings {
		after[f.Fingerprint()]++
	}
	if after[it.Fingerprint] >= before[it.Fingerprint] {
		return false
	}
	for fp, n := range after {
		if n > before[fp] {
			return false
		}
	}
	return true
}

// unitOf returns the head files analysed together with p: a Compose file's
// folder (its project), or the file and its .dockerignore context.
func (p *planner) unitOf(file string) []source.File {
	var out []source.File
	var kind source.Kind
	for _, f := range p.headFiles {
		if f.Path == file {
			kind = f.Kind
		}
	}
	dir := path.Dir(file)
	for _, f := range p.headFiles {
		switch {
		case f.Path == file:
		case kind == source.KindCompose && f.Kind == source.KindCompose && path.Dir(f.Path) == dir:
		case f.Kind == source.KindDockerignore && path.Dir(f.Path) == dir:
		default:
			continue
		}
		out = append(out, f)
	}
	return out
}

// overlayFS is a tree with one file's content replaced.
type overlayFS struct {
	fs.FS
	path string
	data []byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if name != o.path {
		return o.FS.Open(name)
	}
	return &memFile{name: path.Base(name), r: bytes.NewReader(o.data), size: int64(len(o.data))}, nil
}

type memFile struct {
	name string
	r    *bytes.Reader
	size int64
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m, nil }
func (m *memFile) Read(p []byte) (int, error) { return m.r.Read(p) }
func (m *memFile) Close() error               { return nil }
func (m *memFile) Name() string               { return m.name }
func (m *memFile) Size() int64                { return m.size }
func (m *memFile) Mode() fs.FileMode          { return 0o444 }
func (m *memFile) ModTime() time.Time         { return time.Time{} }
func (m *memFile) IsDir() bool                { return false }
func (m *memFile) Sys() any                   { return nil }
