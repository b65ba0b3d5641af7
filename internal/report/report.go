// Package report renders the findings of a scan for people and machines:
// plain or coloured text for a terminal, a versioned JSON document, SARIF
// 2.1.0 for code scanning, markdown for a pull-request comment or job
// summary, and GitHub workflow commands for annotations. Every writer takes
// the same Result, orders findings the same way and never prints a line
// number below 1.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// Tool names the program that produced a Result.
type Tool struct {
	// Name is "stevedore".
	Name string
	// Version is the release ("1.4.0") or a development marker ("devel").
	Version string
	// InformationURI is the project's home page.
	InformationURI string
}

// ScannedFile is one file the scan looked at, whether or not it has findings.
type ScannedFile struct {
	// Path is slash-separated and relative to the scanned root.
	Path string
	// Kind is what the file was read as: "dockerfile", "compose", "kubernetes".
	Kind string
}

// Result is everything a writer needs: the tool, the files scanned, the
// findings that survived filtering (already masked, with DocURL and NoteURL
// set by the engine) and the rules that ran.
type Result struct {
	Tool     Tool
	Files    []ScannedFile
	Findings []finding.Finding
	// Rules are the rules that ran; SARIF lists them as its rule metadata.
	Rules []*rule.Rule
	// DocsBase is the base URL of rule pages, ending in "/"
	// ("https://github.com/stevedore-dev/stevedore/blob/main/rules/").
	DocsBase string

	// AutomationID, when set, becomes SARIF's run.automationDetails.id
	// ("stevedore/pull-request/"), which code scanning uses as the category.
	AutomationID string
	// SourceRoot, when set, is the absolute local path of the scanned root;
	// SARIF records it as the value of %SRCROOT%.
	SourceRoot string
}

// severitiesHighFirst lists the reportable severities, most severe first.
var severitiesHighFirst = []finding.Severity{
	finding.Critical, finding.High, finding.Medium, finding.Low, finding.Info,
}

// view is the prepared form of a Result that the writers share: findings
// sorted by path, position and rule, with normalised ranges and links filled
// in, and the rules indexed by ID.
type view struct {
	r        *Result
	findings []finding.Finding
	rules    map[string]*rule.Rule
}

func prepare(r *Result) *view {
	if r == nil {
		r = &Result{}
	}
	v := &view{r: r, rules: make(map[string]*rule.Rule, len(r.Rules))}
	for _, ru := range r.Rules {
		if ru != nil {
			v.rules[ru.ID] = ru
		}
	}
	v.findings = make([]finding.Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.Range = f.Range.Normalize()
		if f.Range.StartCol < 0 {
			f.Range.StartCol = 0
		}
		if f.Range.EndCol < 0 {
			f.Range.EndCol = 0
		}
		if ru := v.rules[f.RuleID]; ru != nil {
			if f.RuleName == "" {
				f.RuleName = ru.Name
			}
			if f.Severity == 0 {
				f.Severity = ru.Severity
			}
			if f.DocURL == "" && r.DocsBase != "" {
				f.DocURL = r.DocsBase + ru.DocPath()
			}
			if f.NoteURL == "" && r.DocsBase != "" && ru.Note != "" {
				f.NoteURL = r.DocsBase + ru.NotePath()
			}
		}
		f.Severity = min(max(f.Severity, finding.Info), finding.Critical)
		v.findings[i] = f
	}
	slices.SortStableFunc(v.findings, compareFindings)
	return v
}

// compareFindings orders by path, then position, then rule and message, so
// every writer lists findings the same way whatever order the engine used.
func compareFindings(a, b finding.Finding) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Range.StartLine, b.Range.StartLine),
		cmp.Compare(a.Range.StartCol, b.Range.StartCol),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.Message, b.Message),
	)
}

// title returns the rule's one-line title, or its name when the rule did not
// run (an engine finding without metadata).
func (v *view) title(f finding.Finding) string {
	if ru := v.rules[f.RuleID]; ru != nil && ru.Title != "" {
		return ru.Title
	}
	return f.RuleName
}

// fileGroup is the findings of one path, in order.
type fileGroup struct {
	path     string
	findings []finding.Finding
}

func (v *view) byFile(fs []finding.Finding) []fileGroup {
	var groups []fileGroup
	for _, f := range fs {
		if n := len(groups); n > 0 && groups[n-1].path == f.Path {
			groups[n-1].findings = append(groups[n-1].findings, f)
			continue
		}
		groups = append(groups, fileGroup{path: f.Path, findings: []finding.Finding{f}})
	}
	return groups
}

// counts holds the number of findings of each severity.
type counts map[finding.Severity]int

func (v *view) counts() counts {
	c := counts{}
	for _, f := range v.findings {
		c[f.Severity]++
	}
	return c
}

// String lists the non-zero counts, most severe first: "1 critical, 2 high".
func (c counts) String() string {
	var parts []string
	for _, s := range severitiesHighFirst {
		if c[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[s], s))
		}
	}
	return strings.Join(parts, ", ")
}

// filesWithFindings counts distinct paths among the findings.
func (v *view) filesWithFindings() int {
	n := 0
	for i, f := range v.findings {
		if i == 0 || v.findings[i-1].Path != f.Path {
			n++
		}
	}
	return n
}

// filesScanned counts the scanned files, including any path that has a
// finding but was not listed (so "3 of 2 files" can never be printed).
func (v *view) filesScanned() int {
	seen := make(map[string]bool, len(v.r.Files))
	for _, f := range v.r.Files {
		seen[f.Path] = true
	}
	for _, f := range v.findings {
		seen[f.Path] = true
	}
	return len(seen)
}

// summaryLine says how many findings there are in how many files:
// "7 findings in 3 of 12 files: 1 critical, 2 high, 4 low".
func (v *view) summaryLine() string {
	scanned := v.filesScanned()
	if len(v.findings) == 0 {
		return "no findings in " + plural(scanned, "file")
	}
	return fmt.Sprintf("%s in %d of %s: %s",
		plural(len(v.findings), "finding"), v.filesWithFindings(), plural(scanned, "file"), v.counts())
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// position is "12:3", or "12" when the finding has no column.
func position(r finding.Range) string {
	if r.StartCol > 0 {
		return fmt.Sprintf("%d:%d", r.StartLine, r.StartCol)
	}
	return fmt.Sprintf("%d", r.StartLine)
}

// oneLine folds line breaks into spaces, for outputs that are one line per
// finding.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)), " ")
}
