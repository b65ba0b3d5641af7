// Package diff reads unified diffs — `git diff` output and the per-file
// patch strings of GitHub's API — into files, hunks and numbered lines, and
// answers the questions a review asks of them: which lines were added, can
// this line carry a comment, where did this old line go.
package diff

// Status says what happened to a file.
type Status string

// The statuses a FileDiff can have.
const (
	StatusAdded    Status = "added"
	StatusRemoved  Status = "removed"
	StatusModified Status = "modified"
	StatusRenamed  Status = "renamed"
	StatusCopied   Status = "copied"
)

// FileDiff is the change to one file. OldPath is "" for an added file and
// NewPath is "" for a removed one; both are slash paths without the a/ b/
// prefixes.
type FileDiff struct {
	OldPath, NewPath string
	Status           Status
	Similarity       int // percent, for renames and copies
	Binary           bool
	Hunks            []*Hunk
}

// Hunk is one @@ section. Header is the text after the closing @@ (often the
// enclosing function), without the leading space.
type Hunk struct {
	OldStart, OldLines int
	NewStart, NewLines int
	Header             string
	Lines              []Line
}

// Line is one line of a hunk. OldLine and NewLine are 1-based numbers on each
// side, 0 when the line is not on that side.
type Line struct {
	Kind    byte // '+', '-' or ' '
	OldLine int
	NewLine int
	Text    string // without the kind byte and the newline
}

// Path returns the path of the file after the change, or before it for a
// removed file.
func (f *FileDiff) Path() string {
	if f.NewPath != "" {
		return f.NewPath
	}
	return f.OldPath
}

// Added returns the new-side numbers of added lines.
func (f *FileDiff) Added() map[int]bool {
	m := map[int]bool{}
	for _, h := range f.Hunks {
		for _, l := range h.Lines {
			if l.Kind == '+' {
				m[l.NewLine] = true
			}
		}
	}
	return m
}

// Deleted returns the old-side numbers of deleted lines.
func (f *FileDiff) Deleted() map[int]bool {
	m := map[int]bool{}
	for _, h := range f.Hunks {
		for _, l := range h.Lines {
			if l.Kind == '-' {
				m[l.OldLine] = true
			}
		}
	}
	return m
}

// span is the half-open range [lo, lo+n) a hunk covers on one side. A hunk
// with no lines on a side ("-5,0") sits after line start.
func span(start, n int) (lo, hi int) {
	if n == 0 {
		return start + 1, start + 1
	}
	return start, start + n
}

// HunkAt returns the hunk whose new side contains newLine, or nil.
func (f *FileDiff) HunkAt(newLine int) *Hunk {
	for _, h := range f.Hunks {
		if lo, hi := span(h.NewStart, h.NewLines); lo <= newLine && newLine < hi {
			return h
		}
	}
	return nil
}

// Commentable reports whether GitHub accepts a review comment on the RIGHT
// side at newLine: the line must be an added or context line inside a hunk.
func (f *FileDiff) Commentable(newLine int) bool {
	return newLine > 0 && f.HunkAt(newLine) != nil
}

// oldHunk returns the hunk whose old side contains oldLine, or nil.
func (f *FileDiff) oldHunk(oldLine int) *Hunk {
	for _, h := range f.Hunks {
		if lo, hi := span(h.OldStart, h.OldLines); lo <= oldLine && oldLine < hi {
			return h
		}
	}
	return nil
}

// NearestAdded is for a finding caused by deleted old line(s): it returns
// the new-side number of the added line closest to oldLine within the same
// hunk (after it when two are as close, since a replacement lists the removed
// lines first). ok is false when oldLine is in no hunk or the hunk adds
// nothing.
func (f *FileDiff) NearestAdded(oldLine int) (newLine int, ok bool) {
	h := f.oldHunk(oldLine)
	if h == nil {
		return 0, false
	}
	at := -1
	for i, l := range h.Lines {
		if l.OldLine == oldLine {
			at = i
			break
		}
	}
	if at < 0 {
		return 0, false
	}
	for d := 0; d < len(h.Lines); d++ {
		if i := at + d; i < len(h.Lines) && h.Lines[i].Kind == '+' {
			return h.Lines[i].NewLine, true
		}
		if i := at - d; d > 0 && i >= 0 && h.Lines[i].Kind == '+' {
			return h.Lines[i].NewLine, true
		}
	}
	return 0, false
}

// MapOldToNew returns where an unchanged old line is on the new side. ok is
// false for a deleted line, for added, removed and binary files, and for
// lines below 1.
func (f *FileDiff) MapOldToNew(oldLine int) (int, bool) {
	if oldLine < 1 || f.Binary || f.Status == StatusAdded || f.Status == StatusRemoved {
		return 0, false
	}
	delta := 0
	for _, h := range f.Hunks {
		lo, hi := span(h.OldStart, h.OldLines)
		if oldLine < lo {
			break
		}
		if oldLine < hi {
			for _, l := range h.Lines {
				if l.OldLine == oldLine {
					return l.NewLine, l.Kind == ' '
				}
			}
			return 0, false
		}
		delta += h.NewLines - h.OldLines
	}
	return oldLine + delta, true
}
