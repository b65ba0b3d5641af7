package review

import (
	"fmt"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/posture"
)

// summary renders the summary body. When it would pass GitHub's limit the
// lists are shortened, with a note pointing at the check run.
func summary(rv *Review, checkRunURL string) string {
	for rows := -1; ; {
		s := renderSummary(rv, rows, checkRunURL)
		if len(s) <= MaxBodyChars {
			return s
		}
		switch {
		case rows < 0:
			rows = 200
		case rows > 0:
			rows /= 2
		default:
			return s[:MaxBodyChars-200] + "\n\n…summary truncated.\n"
		}
	}
}

// renderSummary writes the summary; rows < 0 means no limit per list.
func renderSummary(rv *Review, rows int, checkRunURL string) string {
	var b strings.Builder
	b.WriteString(SummaryMarker + "\n## stevedore review\n\n")
	if rv.Verdict.Fail {
		fmt.Fprintf(&b, "**Fails:** %s.\n\n", rv.Verdict.Reason)
	} else {
		fmt.Fprintf(&b, "**Passes:** %s.\n\n", rv.Verdict.Reason)
	}
	newLine := fmt.Sprintf("**%d new**", len(rv.New))
	if bySev := severityCounts(rv.New); bySev != "" {
		newLine += " (" + bySev + ")"
	}
	fmt.Fprintf(&b, "%s · **%d fixed** · **%d existing**", newLine, len(rv.Fixed), len(rv.Existing))
	if n := countSeverityChanged(rv); n > 0 {
		fmt.Fprintf(&b, " · %d changed severity", n)
	}
	if len(rv.Unchecked) > 0 {
		fmt.Fprintf(&b, " · %d not re-checked", len(rv.Unchecked))
	}
	fmt.Fprintf(&b, " · %s analysed\n", plural(len(rv.Files), "file"))
	if rv.ConfigChanged {
		fmt.Fprintf(&b, "\n> [!NOTE]\n> This change edits `%s`. It was reviewed with the base branch's config; the new config applies once it is merged.\n", rv.ConfigPath)
	}
	truncated := false
	limit := func(items []Item) []Item {
		if rows >= 0 && len(items) > rows {
			truncated = true
			return items[:rows]
		}
		return items
	}

	if len(rv.New) > 0 {
		b.WriteString("\n### New findings\n\n")
		b.WriteString("| Severity | Rule | Where | Finding |\n|---|---|---|---|\n")
		commentOn := map[string]Comment{}
		for _, c := range rv.Comments {
			commentOn[c.Fingerprint] = c
		}
		for _, it := range limit(rv.New) {
			where := fmt.Sprintf("`%s:%d`", it.Path, it.Range.StartLine)
			if it.Placement == PlacementInline {
				if c, ok := commentOn[it.Fingerprint]; ok && c.Path != it.Path {
					where += fmt.Sprintf(" (commented on `%s:%d`)", c.Path, c.Line)
				} else {
					where += " (commented)"
				}
			}
			msg := cell(it.Message)
			if it.Cause != "" && it.Placement == PlacementSummary {
				msg += " _(" + cell(it.Cause) + ")_"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", it.Severity, ruleLink(it), where, msg)
		}
		if rv.Counts.Overflow > 0 {
			fmt.Fprintf(&b, "\n%s over the limit of inline comments %s listed here only.\n", plural(rv.Counts.Overflow, "new finding"), isAre(rv.Counts.Overflow))
		}
	}
	if len(rv.Posture) > 0 {
		b.WriteString("\n### Security posture\n\n| Where | Property | Before | After | |\n|---|---|---|---|---|\n")
		for i, c := range rv.Posture {
			if rows >= 0 && i >= rows {
				truncated = true
				break
			}
			fmt.Fprintf(&b, "| `%s` %s | %s | %s | %s | %s |\n", c.Path, cell(c.Name), c.Property, cell(c.Before), cell(c.After), verdictMark(c.Verdict))
		}
	}
	if len(rv.Fixed) > 0 {
		b.WriteString("\n### Fixed — thank you!\n\n")
		for _, it := range limit(rv.Fixed) {
			fmt.Fprintf(&b, "- %s %s in `%s` (was line %d): %s\n", it.Severity, ruleLink(it), it.Path, it.Range.StartLine, cell(it.Message))
		}
	}
	if len(rv.Unchecked) > 0 {
		fmt.Fprintf(&b, "\n<details><summary>Not re-checked (%d): the file no longer parses, so these base findings could not be confirmed fixed</summary>\n\n", len(rv.Unchecked))
		for _, it := range limit(rv.Unchecked) {
			fmt.Fprintf(&b, "- %s %s in `%s` (base line %d): %s\n", it.Severity, ruleLink(it), it.Path, it.Range.StartLine, cell(it.Message))
		}
		b.WriteString("\n</details>\n")
	}
	if len(rv.Existing) > 0 {
		fmt.Fprintf(&b, "\n<details><summary>Existing findings (%d), not introduced by this change</summary>\n\n", len(rv.Existing))
		b.WriteString("| Severity | Rule | Where | Finding |\n|---|---|---|---|\n")
		for _, it := range limit(rv.Existing) {
			sev := it.Severity.String()
			if it.BaseSeverity != 0 {
				sev = fmt.Sprintf("%s (was %s)", it.Severity, it.BaseSeverity)
			}
			fmt.Fprintf(&b, "| %s | %s | `%s:%d` | %s |\n", sev, ruleLink(it), it.Path, it.Range.StartLine, cell(it.Message))
		}
		b.WriteString("\n</details>\n")
	}
	if len(rv.Files) > 0 {
		fmt.Fprintf(&b, "\n<details><summary>Files analysed (%d)</summary>\n\n", len(rv.Files))
		for i, f := range rv.Files {
			if rows >= 0 && i >= rows {
				truncated = true
				break
			}
			line := fmt.Sprintf("- `%s` (%s, %s", f.Path, f.Kind, f.Change)
			if f.BasePath != "" {
				line += " from `" + f.BasePath + "`"
			}
			if f.Reason != "" {
				line += "; " + f.Reason
			}
			b.WriteString(line + ")\n")
		}
		b.WriteString("\n</details>\n")
	}
	if truncated {
		b.WriteString("\n> [!NOTE]\n> This summary was shortened to fit GitHub's size limit.")
		if checkRunURL != "" {
			fmt.Fprintf(&b, " The full list is in the [check run](%s).", checkRunURL)
		} else {
			b.WriteString(" The full list is in the check run's annotations.")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func ruleLink(it Item) string {
	name := it.RuleID + " " + it.RuleName
	if it.DocURL != "" {
		return fmt.Sprintf("[%s](%s)", name, it.DocURL)
	}
	return name
}

// cell makes text safe for one markdown table cell.
func cell(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "|", "\\|").Replace(s)
	return s
}

func verdictMark(v posture.Verdict) string {
	switch v {
	case posture.Worse:
		return "worse"
	case posture.Better:
		return "better"
	}
	return "changed"
}

func severityCounts(items []Item) string {
	c := map[finding.Severity]int{}
	for _, it := range items {
		c[it.Severity]++
	}
	var parts []string
	for _, s := range []finding.Severity{finding.Critical, finding.High, finding.Medium, finding.Low, finding.Info} {
		if c[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[s], s))
		}
	}
	return strings.Join(parts, ", ")
}

func countSeverityChanged(rv *Review) int {
	n := 0
	for _, it := range rv.Existing {
		if it.BaseSeverity != 0 {
			n++
		}
	}
	return n
}
