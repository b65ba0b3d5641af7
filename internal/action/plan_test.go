package action

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/github"
	"github.com/stevedore-dev/stevedore/internal/review"
)

// plan is the fake reviewers' comment planner: it picks the inline comments
// (new findings on lines GitHub can place, up to limit) and writes the
// summary. EngineReviewer leaves this to internal/review.
func plan(res *Result, diffs []*diff.FileDiff, limit int) ([]github.Comment, string) {
	if limit <= 0 {
		limit = review.DefaultCommentLimit
	}
	byPath := map[string]*diff.FileDiff{}
	for _, d := range diffs {
		if d.NewPath != "" {
			byPath[d.NewPath] = d
		}
	}
	var comments []github.Comment
	var overflow []finding.Finding
	for _, f := range res.New {
		r := f.Range.Normalize()
		c := github.Comment{Path: f.Path, Line: r.EndLine, Fingerprint: f.Fingerprint()}
		if r.StartLine < r.EndLine {
			c.StartLine = r.StartLine
		}
		d := byPath[f.Path]
		if d != nil && !github.Placeable(d, c) && github.Placeable(d, github.Comment{Line: r.EndLine}) {
			c.StartLine = 0
		}
		if d == nil || !github.Placeable(d, c) || (limit > 0 && len(comments) >= limit) {
			overflow = append(overflow, f)
			continue
		}
		c.Body = commentBody(f)
		comments = append(comments, c)
	}
	return comments, summary(res, overflow)
}

func commentBody(f finding.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** · `%s` %s\n\n%s\n", strings.ToUpper(f.Severity.String()), f.RuleID, f.RuleName, f.Message)
	if f.Fix != nil && f.Fix.Description != "" {
		fmt.Fprintf(&b, "\n**Fix:** %s\n", f.Fix.Description)
	}
	if f.DocURL != "" {
		fmt.Fprintf(&b, "\n[Rule %s](%s)", f.RuleID, f.DocURL)
		if f.NoteURL != "" {
			fmt.Fprintf(&b, " · [topic note](%s)", f.NoteURL)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + finding.Marker(f.Fingerprint()))
	return b.String()
}
