package source

import (
	"fmt"
	"strings"

	"github.com/moby/patternmatcher"
)

// Excluder matches slash-separated paths against .gitignore-style patterns:
// blank lines and lines starting with # are ignored, ! negates, the last
// matching pattern wins, a pattern with no slash (other than a trailing one)
// matches a name at any depth, a leading / or an inner slash anchors it at the
// root, a trailing / matches folders only, and a leading **/ matches at any
// depth. Globs (*, ?, [..], **) are those of github.com/moby/patternmatcher.
// A path is excluded when it or any parent folder is. The zero value and nil
// exclude nothing.
type Excluder struct {
	rules    []excludeRule
	negation bool
}

type excludeRule struct {
	pm       *patternmatcher.PatternMatcher
	negate   bool
	anchored bool
	dirOnly  bool
}

// NewExcluder compiles patterns.
func NewExcluder(patterns []string) (*Excluder, error) {
	ex := &Excluder{}
	for _, raw := range patterns {
		p := strings.TrimSpace(raw)
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		var r excludeRule
		if rest, ok := strings.CutPrefix(p, "!"); ok {
			r.negate, p = true, rest
			ex.negation = true
		}
		if rest, ok := strings.CutSuffix(p, "/"); ok {
			r.dirOnly, p = true, rest
		}
		if rest, ok := strings.CutPrefix(p, "/"); ok {
			r.anchored, p = true, rest
		} else if rest, ok := strings.CutPrefix(p, "**/"); ok && !strings.Contains(rest, "/") {
			p = rest
		} else if strings.Contains(p, "/") {
			r.anchored = true
		}
		if p == "" {
			continue
		}
		pm, err := patternmatcher.New([]string{p})
		if err != nil {
			return nil, fmt.Errorf("exclude pattern %q: %w", raw, err)
		}
		// Compile now so that a bad glob is reported here, not while walking.
		if _, err := pm.MatchesOrParentMatches("x"); err != nil {
			return nil, fmt.Errorf("exclude pattern %q: %w", raw, err)
		}
		r.pm = pm
		ex.rules = append(ex.rules, r)
	}
	return ex, nil
}

// Excluded reports whether the path (a folder when isDir) is excluded.
func (ex *Excluder) Excluded(p string, isDir bool) bool {
	if ex == nil || len(ex.rules) == 0 {
		return false
	}
	parts := strings.Split(p, "/")
	excluded := false
	for _, r := range ex.rules {
		if r.negate == !excluded {
			continue // cannot change the outcome
		}
		if r.matches(parts, isDir) {
			excluded = !r.negate
		}
	}
	return excluded
}

// ExcludedDir reports whether a folder can be skipped whole: it is excluded
// and no negated pattern could bring back something below it.
func (ex *Excluder) ExcludedDir(p string) bool {
	return ex != nil && !ex.negation && ex.Excluded(p, true)
}

func (r excludeRule) matches(parts []string, isDir bool) bool {
	n := len(parts)
	if !r.dirOnly || isDir {
		// the path itself
	} else {
		n-- // a file: only its folders can match
	}
	for i := 0; i < n; i++ {
		var subject string
		if r.anchored {
			subject = strings.Join(parts[:i+1], "/")
		} else {
			subject = parts[i]
		}
		if ok, _ := r.pm.MatchesOrParentMatches(subject); ok {
			return true
		}
	}
	return false
}
