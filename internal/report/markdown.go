package report

import (
	"cmp"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

// GitHubCommentLimit is the largest body GitHub accepts for an issue or
// pull-request comment (65,536 characters; counted here in bytes, which is
// never fewer).
const GitHubCommentLimit = 65536

// MarkdownOptions tune the markdown output.
type MarkdownOptions struct {
	// MaxBytes caps the output. Zero or less means GitHubCommentLimit; a job
	// summary may pass more (GitHub allows 1 MiB there). When the findings do
	// not fit, the most severe are kept and a note says how many were left
	// out.
	MaxBytes int
}

// Markdown writes what a person pastes into a pull request: a heading with
// the counts, a table by severity, the findings grouped by file as a list
// (severity badge, linked rule ID and title, path:line, message) and a note
// linking the topic notes. Text from findings is escaped, so a pipe,
// backtick or HTML tag in a message cannot break the layout.
func Markdown(w io.Writer, r *Result, opts MarkdownOptions) error {
	v := prepare(r)
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = GitHubCommentLimit
	}
	out := v.markdownWithin(limit)
	if _, err := io.WriteString(w, out); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}

// markdownWithin renders as many findings as fit in limit bytes, keeping the
// most severe ones.
func (v *view) markdownWithin(limit int) string {
	full := v.markdown(v.findings, 0)
	if len(full) <= limit {
		return full
	}
	ranked := slices.Clone(v.findings)
	slices.SortStableFunc(ranked, func(a, b finding.Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	render := func(k int) string {
		kept := slices.Clone(ranked[:k])
		slices.SortStableFunc(kept, compareFindings)
		return v.markdown(kept, len(ranked)-k)
	}
	// The largest k whose rendering fits; rendering grows with k.
	k := sort.Search(len(ranked)+1, func(k int) bool { return len(render(k)) > limit }) - 1
	for ; k >= 0; k-- {
		if out := render(k); len(out) <= limit {
			return out
		}
	}
	// Not even the heading fits: cut at a character boundary.
	out := render(0)
	cut := limit
	for cut > 0 && !utf8.RuneStart(out[cut]) {
		cut--
	}
	return out[:cut]
}

var severityBadge = map[finding.Severity]string{
	finding.Critical: "**CRITICAL**",
	finding.High:     "**HIGH**",
	finding.Medium:   "**MEDIUM**",
	finding.Low:      "**LOW**",
	finding.Info:     "**INFO**",
}

// markdown renders the shown findings; omitted counts those left out.
func (v *view) markdown(shown []finding.Finding, omitted int) string {
	var b strings.Builder
	b.WriteString("## stevedore: " + v.summaryHeading() + "\n")
	if len(v.findings) == 0 {
		return b.String()
	}
	c := v.counts()
	b.WriteString("\n| Severity | Findings |\n| :-- | --: |\n")
	for _, s := range severitiesHighFirst {
		if c[s] > 0 {
			fmt.Fprintf(&b, "| %s | %d |\n", severityBadge[s], c[s])
		}
	}
	for _, g := range v.byFile(shown) {
		b.WriteString("\n### " + codeSpan(g.path) + "\n\n")
		for _, f := range g.findings {
			id := markdownEscape(f.RuleID)
			if f.DocURL != "" {
				id = "[" + id + "](" + markdownURL(f.DocURL) + ")"
			}
			fmt.Fprintf(&b, "- %s %s %s — %s — %s",
				severityBadge[f.Severity], id, markdownEscape(oneLine(v.title(f))),
				codeSpan(fmt.Sprintf("%s:%d", f.Path, f.Range.StartLine)),
				markdownEscape(oneLine(f.Message)))
			if f.Fix != nil && f.Fix.Description != "" {
				b.WriteString(" Fix: " + markdownEscape(oneLine(f.Fix.Description)) + ".")
			}
			b.WriteString("\n")
		}
	}
	if omitted > 0 {
		fmt.Fprintf(&b, "\n> **%s left out** to stay within the comment size limit; the least severe were dropped first. "+
			"The check run, `--format json` and `--format sarif` list them all.\n", plural(omitted, "more finding"))
	}
	if notes := v.notes(); len(notes) > 0 {
		b.WriteString("\nWhy these matter: ")
		for i, n := range notes {
			if i > 0 {
				b.WriteString(" · ")
			}
			b.WriteString("[" + markdownEscape(n[0]) + "](" + markdownURL(n[1]) + ")")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// summaryHeading is the summary line without its severity list, which the
// table carries: "7 findings in 3 of 12 files".
func (v *view) summaryHeading() string {
	line := v.summaryLine()
	if i := strings.Index(line, ": "); i >= 0 {
		return line[:i]
	}
	return line
}

// notes lists the topic notes of all findings as (label, URL) pairs, sorted
// by label.
func (v *view) notes() [][2]string {
	seen := map[string]string{}
	for _, f := range v.findings {
		if f.NoteURL == "" {
			continue
		}
		slug := ""
		if ru := v.rules[f.RuleID]; ru != nil {
			slug = ru.Note
		}
		if slug == "" {
			slug = strings.TrimSuffix(path.Base(f.NoteURL), ".md")
		}
		seen[f.NoteURL] = strings.ReplaceAll(slug, "-", " ")
	}
	var out [][2]string
	for u, label := range seen {
		out = append(out, [2]string{label, u})
	}
	slices.SortFunc(out, func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	return out
}

// markdownEscaper backslash-escapes the characters that could start
// markup inside a line of GitHub markdown (code, emphasis, links, HTML,
// table cells, strike-through, entities).
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `~`, `\~`, `&`, `\&`,
)

func markdownEscape(s string) string { return markdownEscaper.Replace(s) }

// markdownURL keeps a URL from ending its markdown link early.
var markdownURL = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace

// codeSpan wraps s in backticks, using a longer fence than any backtick run
// inside it, as CommonMark requires.
func codeSpan(s string) string {
	s = oneLine(s)
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}
