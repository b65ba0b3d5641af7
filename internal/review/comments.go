package review

import (
	"context"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/source"
)

// planner decides where each new finding is shown and writes the comments.
type planner struct {
	req       Request
	cfg       *config.Config
	sel       *selection
	rules     map[string]*rule.Rule
	head      *sideScan
	headFiles []source.File
	overflow  int
}

// anchor is where an inline comment goes: a path (the finding's own file,
// or a related file the change touched) and head-side lines.
type anchor struct {
	path       string
	start, end int
	cause      string
}

// MinInlineSeverity is the lowest severity that gets an inline comment;
// info findings go to the summary only.
const MinInlineSeverity = finding.Low

// plan places every new finding inline or in the summary and writes the
// inline comments, highest severity first, up to the comment limit. A line
// gets one comment: the most severe finding there; the others on that line
// are named in it and listed in the summary, so a new service does not
// collect six comments on its first line.
func (p *planner) plan(ctx context.Context, rv *Review) error {
	rv.Comments = []Comment{}
	used := map[string]bool{}
	onLine := map[string]int{} // "path:line" → index of its comment
	also := map[int][]*Item{}  // comment index → findings folded into it
	for i := range rv.New {
		it := &rv.New[i]
		it.Placement = PlacementSummary
		if it.Severity < MinInlineSeverity {
			continue
		}
		a, ok := p.place(it)
		it.Cause = a.cause
		if !ok || used[it.Fingerprint] {
			continue
		}
		key := fmt.Sprintf("%s:%d", a.path, a.end)
		if ci, taken := onLine[key]; taken {
			also[ci] = append(also[ci], it)
			first := rv.Comments[ci]
			it.Cause = joinCause(it.Cause, fmt.Sprintf("named in the %s comment on `%s:%d`", first.RuleID, first.Path, first.Line))
			continue
		}
		if len(rv.Comments) >= p.req.CommentLimit {
			p.overflow++
			continue
		}
		c := Comment{Path: a.path, Side: "RIGHT", Fingerprint: it.Fingerprint, RuleID: it.RuleID, Severity: it.Severity}
		var suggestion string
		if a.cause == "" && a.path == it.Path {
			if span, text, ok := p.suggest(ctx, it, p.sel.byPath[it.Path]); ok {
				a.start, a.end, suggestion = span[0], span[1], text
				c.Suggestion = true
			}
		}
		c.Line = a.end
		if a.start < a.end {
			c.StartLine, c.StartSide = a.start, "RIGHT"
		}
		c.Body = p.body(*it, a.cause, suggestion)
		if len(c.Body) > MaxBodyChars && c.Suggestion {
			c.Suggestion = false
			c.Body = p.body(*it, a.cause, "")
		}
		used[it.Fingerprint] = true
		it.Placement = PlacementInline
		onLine[key] = len(rv.Comments)
		rv.Comments = append(rv.Comments, c)
	}
	for ci, items := range also {
		rv.Comments[ci].Body = withAlso(rv.Comments[ci].Body, items)
	}
	rv.Counts.Overflow = p.overflow
	return nil
}

// withAlso adds to a comment body, before its fingerprint marker, the other
// new findings on the same line (they are listed in the summary).
func withAlso(body string, items []*Item) string {
	var b strings.Builder
	b.WriteString("**Also on this line** (details in the summary):\n")
	for _, it := range items {
		link := "`" + it.RuleID + "`"
		if it.DocURL != "" {
			link = fmt.Sprintf("[%s](%s)", it.RuleID, it.DocURL)
		}
		fmt.Fprintf(&b, "- %s %s %s — %s\n", it.Severity, link, it.RuleName, it.Title)
	}
	b.WriteString("\n")
	i := strings.LastIndex(body, finding.MarkerPrefix)
	if i < 0 {
		return body + "\n" + b.String()
	}
	out := body[:i] + b.String() + body[i:]
	if len(out) > MaxBodyChars {
		return body
	}
	return out
}

// joinCause appends to a finding's cause.
func joinCause(cause, more string) string {
	if cause == "" {
		return more
	}
	return cause + "; " + more
}

// place finds where a new finding is commented: on lines of its range the
// change added; else on a related file the change touched (the
// .dockerignore that stopped excluding a shipped file, the secret file
// added); else, for a finding the change caused by removing lines of its
// file, next to the removal. ok is false when it belongs in the summary
// (the anchor's cause may still explain it).
func (p *planner) place(it *Item) (anchor, bool) {
	fd := p.sel.byPath[it.Path]
	own := fd != nil && fd.NewPath == it.Path && !fd.Binary
	if own {
		if a, ok := addedAnchor(it, fd); ok {
			return a, true
		}
	}
	if a, ok := p.relatedAnchor(it); ok || a.cause != "" {
		return a, ok
	}
	if own {
		return deletionAnchor(it, fd)
	}
	return anchor{}, false
}

// addedAnchor covers the lines of the finding's range that the change added.
func addedAnchor(it *Item, fd *diff.FileDiff) (anchor, bool) {
	added := fd.Added()
	r := it.Range.Normalize()
	var lines []int
	for n := r.StartLine; n <= r.EndLine; n++ {
		if added[n] {
			lines = append(lines, n)
		}
	}
	if len(lines) == 0 {
		return anchor{}, false
	}
	h := fd.HunkAt(lines[0])
	start, end := lines[0], lines[0]
	// Cover the finding's whole range when it lies in one hunk.
	if h != nil && fd.HunkAt(r.StartLine) == h && fd.HunkAt(r.EndLine) == h && r.EndLine-r.StartLine < 20 {
		start, end = r.StartLine, r.EndLine
	}
	return anchor{path: it.Path, start: start, end: end}, true
}

// deletionAnchor is for a finding on lines the change did not add: the
// hunk nearest to it that removed lines is taken as the cause, and the
// comment goes on the nearest added line of that hunk. A hunk that only
// removed lines has no changed line to comment on, so the finding goes to
// the summary with the cause (issue 4: comments only on added or changed
// lines).
func deletionAnchor(it *Item, fd *diff.FileDiff) (anchor, bool) {
	if fd.Status == diff.StatusAdded || fd.Status == diff.StatusCopied && len(fd.Hunks) == 0 {
		return anchor{}, false
	}
	r := it.Range.Normalize()
	var best *diff.Hunk
	bestDist := -1
	for _, h := range fd.Hunks {
		if !hasRemoved(h) {
			continue
		}
		d := distance(r.StartLine, h.NewStart, h.NewStart+max(h.NewLines-1, 0))
		if bestDist < 0 || d < bestDist {
			best, bestDist = h, d
		}
	}
	if best == nil {
		return anchor{}, false
	}
	cause := removalCause(best, false) + ", which this finding follows from"
	return anchorAtRemoval(fd, best, it.Path, cause, false)
}

// anchorAtRemoval puts a comment on the added line nearest to the lines hunk
// h removed; with besideRemoval, a hunk that only removed lines gets it on
// the unchanged line next to the removal (a deleted .dockerignore pattern:
// the deletion is the change the comment is about).
func anchorAtRemoval(fd *diff.FileDiff, h *diff.Hunk, path, cause string, besideRemoval bool) (anchor, bool) {
	first := 0
	for _, l := range h.Lines {
		if l.Kind == '-' {
			first = l.OldLine
			break
		}
	}
	if n, ok := fd.NearestAdded(first); ok {
		return anchor{path: path, start: n, end: n, cause: cause}, true
	}
	if n, ok := afterRemoval(h, first); besideRemoval && ok && fd.Commentable(n) {
		return anchor{path: path, start: n, end: n, cause: cause}, true
	}
	return anchor{cause: cause}, false
}

func hasRemoved(h *diff.Hunk) bool {
	return slices.ContainsFunc(h.Lines, func(l diff.Line) bool { return l.Kind == '-' })
}

// afterRemoval returns the head line right after the run of removed lines
// that holds oldLine (a context line of the hunk), else the context line
// right before it.
func afterRemoval(h *diff.Hunk, oldLine int) (int, bool) {
	i := slices.IndexFunc(h.Lines, func(l diff.Line) bool { return l.Kind == '-' && l.OldLine == oldLine })
	if i < 0 {
		return 0, false
	}
	j := i
	for j < len(h.Lines) && h.Lines[j].Kind == '-' {
		j++
	}
	if j < len(h.Lines) && h.Lines[j].NewLine > 0 {
		return h.Lines[j].NewLine, true
	}
	for k := i - 1; k >= 0; k-- {
		if h.Lines[k].NewLine > 0 {
			return h.Lines[k].NewLine, true
		}
	}
	return 0, false
}

// removalCause says which base lines hunk h removed, naming each by its
// key or keyword only (a value could be a secret); verbatim lists the
// lines themselves (.dockerignore patterns).
func removalCause(h *diff.Hunk, verbatim bool) string {
	var removed []int
	var words []string
	for _, l := range h.Lines {
		if l.Kind != '-' {
			continue
		}
		removed = append(removed, l.OldLine)
		w := lineKey(l.Text)
		if verbatim {
			w = ""
			if t := strings.TrimSpace(l.Text); t != "" && !strings.Contains(t, "`") {
				w = "`" + t + "`"
			}
		}
		if w != "" && !slices.Contains(words, w) && len(words) < 3 {
			words = append(words, w)
		}
	}
	cause := "this change removed " + lineList(removed)
	if len(words) > 0 {
		cause += " (" + strings.Join(words, ", ") + ")"
	}
	return cause
}

// relatedAnchor comments a finding on a related file the change touched:
// for a whole-file relation, next to the lines it removed (a .dockerignore
// pattern deleted) or on its first added line (a secret file added); for a
// relation with a range, on the added lines of that range. A related
// folder matches the files added below it.
func (p *planner) relatedAnchor(it *Item) (anchor, bool) {
	for _, r := range it.Related {
		if r.Path == "" || r.Path == it.Path {
			continue
		}
		fd := p.relatedDiff(r.Path)
		if fd == nil {
			continue
		}
		where := fmt.Sprintf("the finding is on `%s` line %d, and `%s` %s", it.Path, it.Range.Normalize().StartLine, fd.Path(), r.Message)
		if fd.NewPath == "" {
			return anchor{cause: where + "; this change removed `" + fd.OldPath + "`"}, false
		}
		if fd.Binary {
			continue
		}
		if r.Range.StartLine > 0 {
			a, ok := addedAnchor(&Item{Path: fd.NewPath, Range: r.Range}, fd)
			if ok {
				a.cause = where + " (changed here)"
				return a, true
			}
			continue
		}
		for _, h := range fd.Hunks {
			if hasRemoved(h) {
				verbatim := source.ClassifyName(path.Base(fd.NewPath)) == source.KindDockerignore
				return anchorAtRemoval(fd, h, fd.NewPath, where+"; "+removalCause(h, verbatim), true)
			}
		}
		added := slices.Sorted(maps.Keys(fd.Added()))
		if len(added) > 0 {
			verb := "changed"
			if fd.Status == diff.StatusAdded {
				verb = "added"
			}
			return anchor{path: fd.NewPath, start: added[0], end: added[0], cause: where + "; this change " + verb + " `" + fd.NewPath + "`"}, true
		}
		return anchor{cause: where + "; this change added `" + fd.NewPath + "`"}, false
	}
	return anchor{}, false
}

// relatedDiff returns the change to p, or to the first file added below
// the folder p.
func (p *planner) relatedDiff(rel string) *diff.FileDiff {
	rel = strings.TrimSuffix(rel, "/")
	if fd := p.sel.byPath[rel]; fd != nil {
		return fd
	}
	for _, k := range slices.Sorted(maps.Keys(p.sel.byPath)) {
		if fd := p.sel.byPath[k]; strings.HasPrefix(k, rel+"/") && fd.Status == diff.StatusAdded {
			return fd
		}
	}
	return nil
}

func distance(n, lo, hi int) int {
	switch {
	case n < lo:
		return lo - n
	case n > hi:
		return n - hi
	}
	return 0
}

// lineList renders removed base lines: "line 7", "lines 7–9", "lines 3, 8".
func lineList(ls []int) string {
	if len(ls) == 1 {
		return fmt.Sprintf("line %d of the base", ls[0])
	}
	contiguous := ls[len(ls)-1]-ls[0] == len(ls)-1
	if contiguous {
		return fmt.Sprintf("lines %d–%d of the base", ls[0], ls[len(ls)-1])
	}
	var parts []string
	for _, l := range ls {
		parts = append(parts, fmt.Sprint(l))
	}
	return "lines " + strings.Join(parts, ", ") + " of the base"
}

var (
	keyPattern  = regexp.MustCompile(`^\s*(?:-\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*:`)
	wordPattern = regexp.MustCompile(`^\s*([A-Za-z][A-Za-z0-9_\-]*)\b`)
)

// lineKey names a removed line without its value (which could be a secret):
// the YAML key ("`runAsNonRoot: …`") or the Dockerfile keyword ("`USER …`").
func lineKey(text string) string {
	if m := keyPattern.FindStringSubmatch(text); m != nil {
		return "`" + m[1] + ": …`"
	}
	if m := wordPattern.FindStringSubmatch(text); m != nil {
		return "`" + m[1] + " …`"
	}
	return ""
}

// body writes one comment: severity, title, message, why it matters, the
// fix (a suggestion block or prose), links and the fingerprint marker.
func (p *planner) body(it Item, cause, suggestion string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** · **%s** %s — %s\n\n", capital(it.Severity.String()), it.RuleID, it.RuleName, it.Title)
	b.WriteString(it.Message)
	b.WriteString("\n")
	if cause != "" {
		fmt.Fprintf(&b, "\n_Why here: %s._\n", cause)
	}
	r := p.rules[it.RuleID]
	if r != nil {
		if why := firstSentences(section(r.Doc, "Why it matters"), 2); why != "" {
			fmt.Fprintf(&b, "\n**Why it matters:** %s\n", why)
		}
	}
	switch {
	case suggestion != "":
		desc := "apply this change"
		if it.Fix != nil && it.Fix.Description != "" {
			desc = it.Fix.Description
		}
		fmt.Fprintf(&b, "\n**Fix:** %s (checked: it removes this finding and adds no other).\n\n```suggestion\n%s```\n", desc, suggestion)
	case it.Fix != nil && it.Fix.Description != "":
		fmt.Fprintf(&b, "\n**Fix:** %s.\n", strings.TrimSuffix(it.Fix.Description, "."))
	case r != nil:
		if how := firstSentences(section(r.Doc, "How to fix"), 2); how != "" {
			fmt.Fprintf(&b, "\n**Fix:** %s\n", how)
		}
	}
	var links []string
	if it.DocURL != "" {
		links = append(links, fmt.Sprintf("[%s rule page](%s)", it.RuleID, it.DocURL))
	}
	if it.NoteURL != "" && r != nil {
		links = append(links, fmt.Sprintf("[topic: %s](%s)", r.Note, it.NoteURL))
	}
	if len(links) > 0 {
		fmt.Fprintf(&b, "\n%s\n", strings.Join(links, " · "))
	}
	b.WriteString("\n" + finding.Marker(it.Fingerprint) + "\n")
	return clipBody(b.String())
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// clipBody keeps a body within GitHub's limit, marker kept at the end.
func clipBody(s string) string {
	if len(s) <= MaxBodyChars {
		return s
	}
	i := strings.LastIndex(s, finding.MarkerPrefix)
	marker := s[i:]
	keep := MaxBodyChars - len(marker) - 40
	return s[:keep] + "\n\n…(truncated)\n\n" + marker
}

// section returns the first paragraph of a "## title" section of a rule
// page, folded into one line.
func section(doc, title string) string {
	lines := strings.Split(doc, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "## "+title {
			continue
		}
		var para []string
		for _, l := range lines[i+1:] {
			t := strings.TrimSpace(l)
			if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "```") {
				break
			}
			if t == "" {
				if len(para) > 0 {
					break
				}
				continue
			}
			para = append(para, t)
		}
		return strings.Join(para, " ")
	}
	return ""
}

// firstSentences returns up to n sentences of s.
func firstSentences(s string, n int) string {
	if s == "" {
		return ""
	}
	end := 0
	for i := 0; i < n; i++ {
		j := strings.Index(s[end:], ". ")
		if j < 0 {
			return s
		}
		end += j + 1
	}
	return strings.TrimSpace(s[:end])
}
