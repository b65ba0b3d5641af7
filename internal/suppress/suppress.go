// Package suppress finds and applies suppressions: inline comments
// ("# stevedore:ignore DF001 reason until=2027-01-01"), whole-file comments
// ("# stevedore:ignore-file DF001 reason"), Kubernetes annotations
// ("stevedore.dev/ignore") and config entries. It also audits them: an ignore
// without a reason, past its date, or that matched nothing is reported.
package suppress

import (
	"bufio"
	"bytes"
	"strings"
	"time"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

// Marker is the comment prefix of inline suppressions.
const Marker = "stevedore:ignore"

// FileMarker is the comment prefix of whole-file suppressions.
const FileMarker = "stevedore:ignore-file"

// Annotation is the Kubernetes annotation key of object-level suppressions.
const Annotation = "stevedore.dev/ignore"

// Source says where a directive was written.
type Source string

// The places a suppression can come from.
const (
	FromComment    Source = "comment"
	FromFile       Source = "file comment"
	FromAnnotation Source = "annotation"
	FromConfig     Source = "config"
)

// Directive is one suppression.
type Directive struct {
	Source Source
	// Path is the file the directive stands in (for config entries, the config file).
	Path string
	// Line is where the directive is written.
	Line int
	// Rules are IDs or names; "*" or "all" matches every rule.
	Rules  []string
	Reason string
	Until  time.Time
	// BadUntil holds an unparsable until= value.
	BadUntil string
	// Scope limits the directive to findings in Paths (config: glob patterns)
	// or to findings whose range meets Lines; an empty scope means the whole
	// of Path.
	Lines *finding.Range
	Paths []string
	// Used counts the findings it suppressed.
	Used int
}

// Matches reports whether the directive names the rule (by ID or name).
func (d *Directive) Matches(ruleID, ruleName string) bool {
	for _, r := range d.Rules {
		if r == "*" || strings.EqualFold(r, "all") || strings.EqualFold(r, ruleID) || r == ruleName {
			return true
		}
	}
	return false
}

// Expired reports whether the directive's until date lies before today.
func (d *Directive) Expired(today time.Time) bool {
	return !d.Until.IsZero() && d.Until.Before(truncateDay(today))
}

func truncateDay(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// ParseText parses a directive's text after its marker: "DF001,DF002 the
// reason words until=2027-01-01".
func ParseText(text string) (rules []string, reason string, until time.Time, badUntil string) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return nil, "", time.Time{}, ""
	}
	for _, r := range strings.Split(fields[0], ",") {
		if r = strings.TrimSpace(r); r != "" {
			rules = append(rules, r)
		}
	}
	var words []string
	for _, w := range fields[1:] {
		if v, ok := strings.CutPrefix(w, "until="); ok {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				badUntil = v
				continue
			}
			until = t
			continue
		}
		words = append(words, w)
	}
	reason = strings.TrimSpace(strings.Join(words, " "))
	reason = strings.TrimPrefix(reason, "-- ")
	return rules, reason, until, badUntil
}

// Comments finds inline and whole-file directives in a file's text. A
// directive on a comment-only line applies to the next line that is neither
// blank nor a comment; when trailing is true (YAML), a directive after code on
// the same line applies to that line.
func Comments(path string, content []byte, trailing bool) []*Directive {
	if !bytes.Contains(content, []byte(Marker)) {
		return nil
	}
	var out, pending []*Directive
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		trimmed := strings.TrimSpace(text)
		commentOnly := strings.HasPrefix(trimmed, "#")
		if !commentOnly && trimmed != "" {
			for _, d := range pending {
				d.Lines = &finding.Range{StartLine: line, EndLine: line}
			}
			pending = nil
		}
		idx := strings.Index(text, Marker)
		if idx < 0 {
			continue
		}
		hash := strings.LastIndex(text[:idx], "#")
		if hash < 0 || strings.TrimSpace(text[hash+1:idx]) != "" {
			continue // the marker is not at the start of a comment
		}
		if !commentOnly && !trailing {
			continue // in a Dockerfile, "#" after an instruction is an argument
		}
		rest := text[idx+len(Marker):]
		d := &Directive{Path: path, Line: line}
		if after, ok := strings.CutPrefix(rest, "-file"); ok {
			d.Source = FromFile
			rest = after
		} else if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			continue // some other word, e.g. "stevedore:ignored"
		} else {
			d.Source = FromComment
		}
		d.Rules, d.Reason, d.Until, d.BadUntil = ParseText(rest)
		out = append(out, d)
		switch {
		case d.Source == FromFile:
		case commentOnly:
			pending = append(pending, d)
		default:
			d.Lines = &finding.Range{StartLine: line, EndLine: line}
		}
	}
	for _, d := range pending {
		// Nothing follows: the directive covers no line.
		d.Lines = &finding.Range{StartLine: d.Line, EndLine: d.Line}
	}
	return out
}

// Covers reports whether d suppresses finding f (by rule, path and lines).
// Config directives (Paths set) are matched by the caller, which knows the
// glob semantics; Covers treats them as matching every path.
func (d *Directive) Covers(f *finding.Finding) bool {
	if !d.Matches(f.RuleID, f.RuleName) {
		return false
	}
	if d.Source != FromConfig && d.Path != f.Path {
		return false
	}
	if d.Lines == nil {
		return true
	}
	r := f.Range.Normalize()
	if d.Source == FromComment {
		// A comment covers the finding that starts or ends on its line: an
		// ignore on one list item must not hide the next item of a finding
		// whose range runs from the list's key to that item.
		l := d.Lines.StartLine
		return l == r.StartLine || l == r.EndLine
	}
	return r.StartLine <= d.Lines.EndLine && d.Lines.StartLine <= r.EndLine
}
