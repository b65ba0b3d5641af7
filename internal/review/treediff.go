package review

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/diff"
)

// CompareTrees computes the file diffs from base to head without git: the
// files whose content differs, with line hunks (three lines of context),
// and renames of files whose content did not change. .git, node_modules and
// vendor folders are skipped; a file with a NUL byte is binary.
func CompareTrees(base, head fs.FS) ([]*diff.FileDiff, error) {
	b, err := hashTree(base)
	if err != nil {
		return nil, fmt.Errorf("compare trees: base: %w", err)
	}
	h, err := hashTree(head)
	if err != nil {
		return nil, fmt.Errorf("compare trees: head: %w", err)
	}
	var out []*diff.FileDiff
	var removed, added []string
	for _, p := range slices.Sorted(maps.Keys(b)) {
		hh, ok := h[p]
		switch {
		case !ok:
			removed = append(removed, p)
		case hh != b[p]:
			fd, err := fileDiff(base, head, p, p, diff.StatusModified)
			if err != nil {
				return nil, err
			}
			out = append(out, fd)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(h)) {
		if _, ok := b[p]; !ok {
			added = append(added, p)
		}
	}
	// A removed and an added file with the same content are a rename.
	renamedTo := map[string]string{}
	taken := map[string]bool{}
	for _, old := range removed {
		for _, nw := range added {
			if !taken[nw] && b[old] == h[nw] {
				renamedTo[old], taken[nw] = nw, true
				break
			}
		}
	}
	for _, old := range removed {
		if nw, ok := renamedTo[old]; ok {
			out = append(out, &diff.FileDiff{OldPath: old, NewPath: nw, Status: diff.StatusRenamed, Similarity: 100})
			continue
		}
		fd, err := fileDiff(base, nil, old, "", diff.StatusRemoved)
		if err != nil {
			return nil, err
		}
		out = append(out, fd)
	}
	for _, nw := range added {
		if taken[nw] {
			continue
		}
		fd, err := fileDiff(nil, head, "", nw, diff.StatusAdded)
		if err != nil {
			return nil, err
		}
		out = append(out, fd)
	}
	slices.SortStableFunc(out, func(a, b *diff.FileDiff) int { return strings.Compare(a.Path(), b.Path()) })
	return out, nil
}

func hashTree(fsys fs.FS) (map[string][32]byte, error) {
	out := map[string][32]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "vendor":
				if p != "." {
					return fs.SkipDir
				}
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out[p] = sha256.Sum256(data)
		return nil
	})
	return out, err
}

// fileDiff diffs one file (a nil side or empty path means absent).
func fileDiff(base, head fs.FS, oldPath, newPath string, st diff.Status) (*diff.FileDiff, error) {
	var a, b []byte
	var err error
	if oldPath != "" {
		if a, err = fs.ReadFile(base, oldPath); err != nil {
			return nil, err
		}
	}
	if newPath != "" {
		if b, err = fs.ReadFile(head, newPath); err != nil {
			return nil, err
		}
	}
	fd := &diff.FileDiff{OldPath: oldPath, NewPath: newPath, Status: st}
	if bytes.IndexByte(a, 0) >= 0 || bytes.IndexByte(b, 0) >= 0 {
		fd.Binary = true
		return fd, nil
	}
	fd.Hunks = LineHunks(textLines(a), textLines(b), 3)
	return fd, nil
}

func textLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	s := strings.TrimSuffix(string(b), "\n")
	return strings.Split(s, "\n")
}

// op is one step of an edit script: keep, delete from a, or insert from b.
type op struct {
	kind byte // ' ', '-', '+'
	a, b int  // 0-based indices of the line in a / b
}

// LineHunks diffs two lists of lines (Myers' algorithm) into unified-diff
// hunks with the given lines of context.
func LineHunks(a, b []string, context int) []*diff.Hunk {
	ops := editScript(a, b)
	var hunks []*diff.Hunk
	i := 0
	for i < len(ops) {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A change starts at i; extend to the end of the changes joined by
		// fewer than 2*context unchanged lines.
		start := max(0, i-context)
		j := i
		for {
			for j < len(ops) && ops[j].kind != ' ' {
				j++
			}
			k := j
			for k < len(ops) && ops[k].kind == ' ' {
				k++
			}
			if k < len(ops) && k-j <= 2*context {
				j = k
				continue
			}
			break
		}
		end := min(len(ops), j+context)
		hunks = append(hunks, makeHunk(ops[start:end], a, b))
		i = end
	}
	return hunks
}

func makeHunk(ops []op, a, b []string) *diff.Hunk {
	h := &diff.Hunk{}
	oldFirst, newFirst := -1, -1
	// Positions before the hunk for sides it does not touch.
	oldBefore, newBefore := ops[0].a, ops[0].b
	for _, o := range ops {
		switch o.kind {
		case ' ':
			h.Lines = append(h.Lines, diff.Line{Kind: ' ', OldLine: o.a + 1, NewLine: o.b + 1, Text: a[o.a]})
			h.OldLines++
			h.NewLines++
		case '-':
			h.Lines = append(h.Lines, diff.Line{Kind: '-', OldLine: o.a + 1, Text: a[o.a]})
			h.OldLines++
		case '+':
			h.Lines = append(h.Lines, diff.Line{Kind: '+', NewLine: o.b + 1, Text: b[o.b]})
			h.NewLines++
		}
		if o.kind != '+' && oldFirst < 0 {
			oldFirst = o.a + 1
		}
		if o.kind != '-' && newFirst < 0 {
			newFirst = o.b + 1
		}
	}
	h.OldStart, h.NewStart = oldFirst, newFirst
	if h.OldLines == 0 {
		h.OldStart = oldBefore
	}
	if h.NewLines == 0 {
		h.NewStart = newBefore
	}
	return h
}

// maxMyers bounds the lines Myers' algorithm is run on after the common
// prefix and suffix are removed; a larger middle counts as replaced whole.
const maxMyers = 4000

// editScript strips the common prefix and suffix and diffs the middle.
func editScript(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', i, i})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)+len(mb) > maxMyers {
		for i := range ma {
			ops = append(ops, op{'-', pre + i, pre})
		}
		for j := range mb {
			ops = append(ops, op{'+', pre + len(ma), pre + j})
		}
	} else {
		for _, o := range myers(ma, mb) {
			ops = append(ops, op{o.kind, o.a + pre, o.b + pre})
		}
	}
	for i := 0; i < suf; i++ {
		ops = append(ops, op{' ', len(a) - suf + i, len(b) - suf + i})
	}
	return ops
}

// myers returns a shortest edit script from a to b. Every op carries the
// index it has on each side (for '+' the a index is where it is inserted,
// for '-' the b index likewise).
func myers(a, b []string) []op {
	n, m := len(a), len(b)
	maxD := n + m
	offset := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		trace = append(trace, slices.Clone(v))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1]
			} else {
				x = v[offset+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[offset+k] = x
			if x >= n && y >= m {
				return backtrack(trace, a, b, offset)
			}
		}
	}
	return nil
}

func backtrack(trace [][]int, a, b []string, offset int) []op {
	x, y := len(a), len(b)
	var rev []op
	for d := len(trace) - 1; d >= 0; d-- {
		v := trace[d] // the state before step d
		k := x - y
		var prevK int
		if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v[offset+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY && x > 0 && y > 0 {
			x, y = x-1, y-1
			rev = append(rev, op{' ', x, y})
		}
		if d == 0 {
			break
		}
		if x == prevX {
			rev = append(rev, op{'+', x, prevY})
		} else {
			rev = append(rev, op{'-', prevX, y})
		}
		x, y = prevX, prevY
	}
	slices.Reverse(rev)
	return rev
}
