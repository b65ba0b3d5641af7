package review

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/posture"
)

// SchemaVersion is the version of the Review JSON document
// (docs/review-json.md). It changes only when a field is removed or changes
// meaning; new fields may appear within a version.
const SchemaVersion = 1

// MaxBodyChars is GitHub's limit on a comment or review body.
const MaxBodyChars = 65536

// DefaultCommentLimit caps the inline comments of one review.
const DefaultCommentLimit = 25

// Statuses of an Item.
const (
	StatusNew      = "new"
	StatusFixed    = "fixed"
	StatusExisting = "existing"
	// StatusUnchecked is a base finding of a file the head side could not
	// check (unparsable or refused): neither fixed nor still there.
	StatusUnchecked = "unchecked"
)

// Placements of a new finding.
const (
	PlacementInline  = "inline"
	PlacementSummary = "summary"
)

// Review is everything a front end needs to post: classified findings,
// posture changes, the inline comments, the summary body and the verdict.
type Review struct {
	Version int     `json:"version"`
	Verdict Verdict `json:"verdict"`
	Counts  Counts  `json:"counts"`
	// New, Fixed, Existing and Unchecked hold the findings by status.
	New       []Item `json:"new"`
	Fixed     []Item `json:"fixed"`
	Existing  []Item `json:"existing"`
	Unchecked []Item `json:"unchecked"`
	// Posture lists the security-relevant properties that changed.
	Posture []posture.Change `json:"posture"`
	// Comments are the inline review comments, at most the comment limit.
	Comments []Comment `json:"comments"`
	// Annotations cover every head finding (new and existing), for a check run.
	Annotations []Annotation `json:"annotations"`
	// Summary is the markdown body of the summary comment / check run.
	Summary string `json:"summary"`
	// ConfigChanged is true when the change edits the stevedore config; the
	// review ran with the base side's config all the same.
	ConfigChanged bool   `json:"configChanged"`
	ConfigPath    string `json:"configPath,omitempty"`
	// Files are the files analysed and why.
	Files []File `json:"files"`
}

// Verdict is whether the review fails the check.
type Verdict struct {
	Fail bool `json:"fail"`
	// FailOn is the threshold ("high"); "none" never fails.
	FailOn string `json:"failOn"`
	// FailOnExisting makes existing findings count too.
	FailOnExisting bool `json:"failOnExisting"`
	// Reason says why, in one sentence.
	Reason string `json:"reason"`
}

// Counts sums up the review.
type Counts struct {
	New             int            `json:"new"`
	Fixed           int            `json:"fixed"`
	Existing        int            `json:"existing"`
	Unchecked       int            `json:"unchecked"`
	SeverityChanged int            `json:"severityChanged"`
	NewBySeverity   map[string]int `json:"newBySeverity"`
	// Inline is the number of inline comments; Overflow the new findings
	// that would have been inline but went to the summary over the limit.
	Inline   int `json:"inline"`
	Overflow int `json:"overflow"`
}

// Item is one classified finding.
type Item struct {
	Fingerprint string           `json:"fingerprint"`
	Status      string           `json:"status"`
	RuleID      string           `json:"ruleId"`
	RuleName    string           `json:"ruleName"`
	Title       string           `json:"title"`
	Severity    finding.Severity `json:"severity"`
	// BaseSeverity is set when an existing finding's severity changed.
	BaseSeverity finding.Severity `json:"baseSeverity,omitempty"`
	// Path and Range are on the head side (the base side for fixed and
	// unchecked findings).
	Path  string        `json:"path"`
	Range finding.Range `json:"range"`
	// BasePath and BaseRange locate an existing finding on the base side
	// when they differ (renamed file, moved code).
	BasePath  string         `json:"basePath,omitempty"`
	BaseRange *finding.Range `json:"baseRange,omitempty"`
	Message   string         `json:"message"`
	Location  string         `json:"location"`
	Evidence  string         `json:"evidence,omitempty"`
	// BaseEvidence is set when an existing finding was matched by rule and
	// logical location while its evidence changed (an unpinned image moved
	// to another tag): the change did not introduce it.
	BaseEvidence string `json:"baseEvidence,omitempty"`
	// Related are the other places the finding depends on (see
	// finding.Related); a new finding whose own lines the change did not
	// touch may be commented on one of them.
	Related []finding.Related `json:"related,omitempty"`
	DocURL  string            `json:"docUrl,omitempty"`
	NoteURL string            `json:"noteUrl,omitempty"`
	Fix     *finding.Fix      `json:"fix,omitempty"`
	// Placement says where a new finding is shown: inline or summary.
	Placement string `json:"placement,omitempty"`
	// Cause explains a new finding the change caused by removing lines.
	Cause string `json:"cause,omitempty"`
}

// Comment is one inline review comment on the head side of the diff.
type Comment struct {
	Path string `json:"path"`
	// Line is the last line the comment covers; StartLine the first when the
	// comment spans several (0 otherwise). Both are head-side line numbers.
	Line      int    `json:"line"`
	StartLine int    `json:"start_line,omitempty"`
	Side      string `json:"side"`
	StartSide string `json:"start_side,omitempty"`
	Body      string `json:"body"`
	// Fingerprint is also in the body as <!-- stevedore:fp=… -->.
	Fingerprint string           `json:"fingerprint"`
	Suggestion  bool             `json:"suggestion"`
	RuleID      string           `json:"ruleId"`
	Severity    finding.Severity `json:"severity"`
}

// Annotation is one check-run annotation.
type Annotation struct {
	Path      string `json:"path"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
	// Level is GitHub's annotation_level: failure, warning or notice.
	Level       string `json:"annotation_level"`
	Title       string `json:"title"`
	Message     string `json:"message"`
	RuleID      string `json:"ruleId"`
	Fingerprint string `json:"fingerprint"`
	Status      string `json:"status"`
}

// File is one file analysed on either side.
type File struct {
	Path     string `json:"path"`
	BasePath string `json:"basePath,omitempty"`
	Kind     string `json:"kind"`
	// Change is what the diff did to the file: added, removed, modified,
	// renamed, copied, or unchanged for a file analysed because it depends
	// on a changed one.
	Change string `json:"change"`
	// Reason says why an unchanged file was analysed.
	Reason string `json:"reason,omitempty"`
}

// SummaryMarker is the hidden marker at the top of the summary body.
const SummaryMarker = "<!-- stevedore:summary -->"
