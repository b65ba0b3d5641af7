package review

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/diff"
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

// anchor is where an inline comment goes.
type anchor struct {
	start, end int
	cause      string
}

// plan places every new finding inline or in the summary and writes the
// inline comments, highest severity first, up to the comment limit.
func (p *planner) plan(ctx context.Context, rv *Review) error {
	rv.Comments = []Comment{}
	used := map[string]bool{}
	for i := range rv.New {
		it := &rv.New[i]
		it.Placement = PlacementSummary
		fd := p.sel.byPath[it.Path]
		if fd == nil || fd.NewPath != it.Path || fd.Binary {
			continue // the file did not change: nothing to comment on
		}
		a, ok := p.anchorFor(it, fd)
		it.Cause = a.cause
		if !ok || used[it.Fingerprint] {
			continue
		}
		if len(rv.Comments) >= p.req.CommentLimit {
			p.overflow++
			continue
		}
		c := Comment{Path: it.Path, Side: "RIGHT", Fingerprint: it.Fingerprint, RuleID: it.RuleID, Severity: it.Severity}
		var suggestion string
		if a.cause == "" {
			if span, text, ok := p.suggest(ctx, it, fd); ok {
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
		rv.Comments = append(rv.Comments, c)
	}
	rv.Counts.Overflow = p.overflow
	return nil
}

// anchorFor finds the lines of a new finding that the change added; for a
// finding the change caused by removing lines, the nearest added line of
// the hunk that removed them (with a cause saying what was removed).
func (p *planner) anchorFor(it *Item, fd *diff.FileDiff) (anchor, bool) {
	added := fd.Added()
	r := it.Range.Normalize()
	var lines []int
	for n := r.StartLine; n <= r.EndLine; n++ {
		if added[n] {
			lines = append(lines, n)
		}
	}
	if len(lines) > 0 {
		h := fd.HunkAt(lines[0])
		start, end := lines[0], lines[0]
		// Cover the finding's whole range when it lies in one hunk.
		if h != nil && fd.HunkAt(r.StartLine) == h && fd.HunkAt(r.EndLine) == h && r.EndLine-r.StartLine < 20 {
			start, end = r.StartLine, r.EndLine
		}
		return anchor{start: start, end: end}, true
	}
	if fd.Status == diff.StatusAdded || fd.Status == diff.StatusCopied && len(fd.Hunks) == 0 {
		return anchor{}, false
	}
	// A finding on lines the change did not add: look for a hunk that
	// removed lines, nearest to the finding.
	var best *diff.Hunk
	bestDist := -1
	for _, h := range fd.Hunks {
		if !slices.ContainsFunc(h.Lines, func(l diff.Line) bool { return l.Kind == '-' }) {
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
	var removed []int
	var words []string
	for _, l := range best.Lines {
		if l.Kind == '-' {
			removed = append(removed, l.OldLine)
			if w := lineKey(l.Text); w != "" && !slices.Contains(words, w) && len(words) < 3 {
				words = append(words, w)
			}
		}
	}
	cause := "this change removed " + lineList(removed)
	if len(words) > 0 {
		cause += " (" + strings.Join(words, ", ") + ")"
	}
	cause += ", which this finding follows from"
	if n, ok := fd.NearestAdded(removed[0]); ok {
		return anchor{start: n, end: n, cause: cause}, true
	}
	return anchor{cause: cause}, false
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
	b.WriteString("\n" + Marker(it.Fingerprint) + "\n")
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
	i := strings.LastIndex(s, "<!-- stevedore:fp=")
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
