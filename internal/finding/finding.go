// Package finding holds what every part of stevedore passes around: a
// Finding at a Range of a file, its Severity, an optional mechanical Fix and
// the Fingerprint that identifies it across revisions. It has no dependencies
// on the rest of the program.
package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Severity orders findings from Info (lowest) to Critical (highest).
type Severity int

// The severities, lowest first. None is only a threshold: "fail on nothing".
const (
	Info Severity = iota + 1
	Low
	Medium
	High
	Critical
	None Severity = 100
)

var severityNames = map[Severity]string{
	Info: "info", Low: "low", Medium: "medium", High: "high", Critical: "critical", None: "none",
}

// String returns the lower-case name of s ("high").
func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	for s, n := range severityNames {
		if n == want {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want none, info, low, medium, high or critical)", name)
}

// MarshalText writes s by name, so JSON and YAML carry "high", not 4.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// SecuritySeverity returns the CVSS-like score GitHub code scanning reads
// from SARIF's "security-severity" property.
func (s Severity) SecuritySeverity() string {
	switch s {
	case Critical:
		return "9.5"
	case High:
		return "8.0"
	case Medium:
		return "5.5"
	case Low:
		return "3.0"
	default:
		return "1.0"
	}
}

// Range is a 1-based, inclusive span of lines (and optionally columns) in a
// file. A zero EndLine means the range covers StartLine only.
type Range struct {
	StartLine int `json:"startLine"`
	EndLine   int `json:"endLine"`
	StartCol  int `json:"startColumn,omitempty"`
	EndCol    int `json:"endColumn,omitempty"`
}

// Line returns a Range covering the single line n.
func Line(n int) Range { return Range{StartLine: n, EndLine: n} }

// Lines returns a Range covering lines from to to, inclusive.
func Lines(from, to int) Range {
	if to < from {
		to = from
	}
	return Range{StartLine: from, EndLine: to}
}

// Normalize fills EndLine and clamps the start to line 1, so no output ever
// shows a line 0 or -1.
func (r Range) Normalize() Range {
	if r.StartLine < 1 {
		r.StartLine = 1
	}
	if r.EndLine < r.StartLine {
		r.EndLine = r.StartLine
	}
	return r
}

// Contains reports whether line n lies in r.
func (r Range) Contains(n int) bool {
	r = r.Normalize()
	return n >= r.StartLine && n <= r.EndLine
}

// Edit replaces whole lines StartLine..EndLine of a file with NewText (which
// holds complete lines, each ending in "\n"). An Edit whose EndLine is
// StartLine-1 inserts NewText before StartLine without removing anything.
type Edit struct {
	StartLine int    `json:"startLine"`
	EndLine   int    `json:"endLine"`
	NewText   string `json:"newText"`
}

// Fix is a mechanical change that removes a finding: a verb phrase and the
// edits that carry it out.
type Fix struct {
	Description string `json:"description"`
	Edits       []Edit `json:"edits,omitempty"`
}

// Finding is one rule's verdict at one place.
type Finding struct {
	RuleID   string   `json:"ruleId"`
	RuleName string   `json:"ruleName"`
	Severity Severity `json:"severity"`
	// Path is the slash-separated path relative to the scanned root.
	Path  string `json:"path"`
	Range Range  `json:"range"`
	// Message says what is wrong here, in one sentence, never with a secret value.
	Message string `json:"message"`
	// Location is the logical place of the finding that survives edits around
	// it: "stage[final]/USER", "services.web.privileged",
	// "Deployment/web/containers[app]/securityContext.privileged".
	Location string `json:"location"`
	// Evidence is the normalised, masked text the finding is about (an image
	// reference, a capability); it takes part in the fingerprint.
	Evidence string `json:"evidence,omitempty"`
	Fix      *Fix   `json:"fix,omitempty"`
	// DocURL and NoteURL link to the rule page and its topic note.
	DocURL  string `json:"docUrl,omitempty"`
	NoteURL string `json:"noteUrl,omitempty"`
	// Related are other places the finding depends on (the .dockerignore
	// that fails to exclude a shipped file, the file itself), so a review
	// can anchor it where a change touched them. They are not part of the
	// fingerprint.
	Related []Related `json:"related,omitempty"`
}

// Related is another place a finding depends on. Path is relative to the
// scanned root; a zero Range stands for the whole file. Message says what
// the place has to do with the finding ("does not exclude .env").
type Related struct {
	Path    string `json:"path"`
	Range   Range  `json:"range"`
	Message string `json:"message,omitempty"`
}

// Fingerprint identifies f across revisions of a file: rule, path, logical
// location and normalised evidence — never the line number, so moving code
// does not make a finding new.
func (f Finding) Fingerprint() string {
	return FingerprintOf(f.RuleID, f.Path, f.Location, f.Evidence)
}

// FingerprintOf hashes the parts of a fingerprint; use it to re-fingerprint a
// finding under another path (after a rename).
func FingerprintOf(ruleID, path, location, evidence string) string {
	h := sha256.New()
	for _, part := range []string{ruleID, path, location, normalizeEvidence(evidence)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func normalizeEvidence(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
