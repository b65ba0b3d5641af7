// Package review compares the findings and the security posture of two
// revisions of a tree — the base of a pull request and its head — and
// plans what to tell the author: which findings are new, fixed or already
// there (matched by fingerprint, never by line), what got worse or better,
// which new findings deserve an inline comment on the lines the change
// added (with a suggestion only when applying it was re-checked), and the
// summary. It knows nothing of GitHub: the front ends post the Review.
package review

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sync"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/posture"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/source"
)

// Request is what a review needs.
type Request struct {
	// Base and Head are the two revisions (Base is the merge base).
	Base, Head fs.FS
	// Diffs are the file diffs from Base to Head.
	Diffs []*diff.FileDiff
	// Catalogue is the rule catalogue (rules.All()).
	Catalogue []*rule.Rule
	// Config is the base side's config; both sides are analysed with it, so
	// a change cannot switch checks off for itself. Nil means defaults.
	Config *config.Config
	// Options are the engine options (Today, Target, DocsBase, …). Inspect
	// is set by the review.
	Options engine.Options
	// CommentLimit caps inline comments (DefaultCommentLimit when 0).
	CommentLimit int
	// FailOn is the lowest severity of a new finding that fails the review
	// (High when 0; finding.None never fails).
	FailOn finding.Severity
	// FailOnExisting makes existing findings fail the review too.
	FailOnExisting bool
	// CheckRunURL, when known, is where a truncated summary points.
	CheckRunURL string
}

// Run reviews the change described by req.
func Run(ctx context.Context, req Request) (*Review, error) {
	cfg := req.Config
	if cfg == nil {
		cfg = config.Default()
	}
	if req.CommentLimit <= 0 {
		req.CommentLimit = DefaultCommentLimit
	}
	if req.FailOn == 0 {
		req.FailOn = finding.High
	}
	sel := selectFiles(req.Base, req.Head, req.Diffs, cfg)
	baseFiles, headFiles := sel.sideFiles(true), sel.sideFiles(false)

	baseScan, err := scanSide(ctx, req, cfg, req.Base, baseFiles)
	if err != nil {
		return nil, fmt.Errorf("review base: %w", err)
	}
	headScan, err := scanSide(ctx, req, cfg, req.Head, headFiles)
	if err != nil {
		return nil, fmt.Errorf("review head: %w", err)
	}
	rv := &Review{Version: SchemaVersion, Files: sel.report()}
	for _, fd := range req.Diffs {
		for _, name := range config.Names {
			if fd.NewPath == name || fd.OldPath == name {
				rv.ConfigChanged, rv.ConfigPath = true, name
			}
		}
	}
	titles := map[string]*rule.Rule{}
	for _, r := range req.Catalogue {
		titles[r.ID] = r
	}
	classify(rv, sel, baseScan.findings, headScan.findings, titles)
	rv.Posture = postureChanges(sel, baseScan, headScan)
	pl := &planner{req: req, cfg: cfg, sel: sel, rules: titles, head: headScan, headFiles: headFiles}
	if err := pl.plan(ctx, rv); err != nil {
		return nil, err
	}
	rv.Annotations = annotations(rv)
	rv.Verdict = verdict(rv, req)
	rv.Counts = counts(rv, pl.overflow)
	rv.Summary = summary(rv, req.CheckRunURL)
	return rv, nil
}

// postureChanges compares the two sides' subjects, leaving out files one
// side could not check (an unparsable file has no subjects, which is not
// the same as having removed them).
func postureChanges(sel *selection, base, head *sideScan) []posture.Change {
	skip := unreadablePaths(sel, head.findings)
	for _, f := range base.findings {
		if isFileLevelFailure(f) {
			skip[sel.headOf(f.Path)] = true
		}
	}
	out := []posture.Change{}
	for _, c := range posture.Compare(base.subjects, head.subjects, sel.headOf) {
		if !skip[c.Path] {
			out = append(out, c)
		}
	}
	return out
}

// sideScan is one side's findings and posture.
type sideScan struct {
	findings []finding.Finding
	subjects []posture.Subject
}

func scanSide(ctx context.Context, req Request, cfg *config.Config, fsys fs.FS, files []source.File) (*sideScan, error) {
	out := &sideScan{}
	if fsys == nil || len(files) == 0 {
		return out, nil
	}
	var mu sync.Mutex
	opts := req.Options
	popts := posture.Options{Today: opts.Today, EOLSoonDays: cfg.EOLSoonDays()}
	inner := opts.Inspect
	opts.Inspect = func(p string, model any) {
		subjects := posture.Of(p, model, popts)
		mu.Lock()
		out.subjects = append(out.subjects, subjects...)
		mu.Unlock()
		if inner != nil {
			inner(p, model)
		}
	}
	s, err := engine.New(req.Catalogue, cfg, opts)
	if err != nil {
		return nil, err
	}
	res, err := s.ScanFiles(ctx, fsys, files)
	if err != nil {
		return nil, err
	}
	out.findings = res.Findings
	slices.SortStableFunc(out.subjects, func(a, b posture.Subject) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Name, b.Name))
	})
	return out, nil
}

// isFileLevelFailure reports a finding that means the file was not checked
// (unparsable or refused).
func isFileLevelFailure(f finding.Finding) bool {
	return (f.RuleID == "SD001" || f.RuleID == "SD002") && f.Location == "file"
}

// classify matches base and head findings by fingerprint (base paths mapped
// through renames); unmatched head findings are new, unmatched base findings
// fixed — or unchecked when the head side could not check the file.
func classify(rv *Review, sel *selection, base, head []finding.Finding, rules map[string]*rule.Rule) {
	type entry struct {
		f  finding.Finding
		fp string
	}
	baseBy := map[string][]entry{}
	for _, f := range base {
		hp := sel.headOf(f.Path)
		fp := finding.FingerprintOf(f.RuleID, hp, f.Location, f.Evidence)
		baseBy[fp] = append(baseBy[fp], entry{f, fp})
	}
	copyBy := map[string][]entry{}
	for headPath, src := range sel.copies {
		for _, f := range base {
			if f.Path == src {
				fp := finding.FingerprintOf(f.RuleID, headPath, f.Location, f.Evidence)
				copyBy[fp] = append(copyBy[fp], entry{f, fp})
			}
		}
	}
	unreadable := unreadablePaths(sel, head)
	item := func(f finding.Finding, fp, status string) Item {
		it := Item{Fingerprint: fp, Status: status, RuleID: f.RuleID, RuleName: f.RuleName, Title: f.RuleName,
			Severity: f.Severity, Path: f.Path, Range: f.Range.Normalize(), Message: f.Message, Location: f.Location,
			Evidence: f.Evidence, DocURL: f.DocURL, NoteURL: f.NoteURL, Fix: f.Fix, Related: f.Related}
		if r := rules[f.RuleID]; r != nil && r.Title != "" {
			it.Title = r.Title
		}
		return it
	}
	var pending []entry
	for _, f := range head {
		fp := f.Fingerprint()
		if list := baseBy[fp]; len(list) > 0 {
			b := list[0]
			baseBy[fp] = list[1:]
			it := item(f, fp, StatusExisting)
			if b.f.Path != f.Path {
				it.BasePath = b.f.Path
			}
			if br := b.f.Range.Normalize(); b.f.Path != f.Path || br.StartLine != it.Range.StartLine {
				it.BaseRange = &br
			}
			if b.f.Severity != f.Severity {
				it.BaseSeverity = b.f.Severity
			}
			rv.Existing = append(rv.Existing, it)
			continue
		}
		if list := copyBy[fp]; len(list) > 0 {
			b := list[0]
			copyBy[fp] = list[1:]
			it := item(f, fp, StatusExisting)
			it.BasePath = b.f.Path
			br := b.f.Range.Normalize()
			it.BaseRange = &br
			rv.Existing = append(rv.Existing, it)
			continue
		}
		pending = append(pending, entry{f, fp})
	}
	// A finding whose evidence alone changed (an unpinned base image moved
	// to another tag, a literal secret given another value) was there
	// before: pair it with the base finding of the same rule and logical
	// location, unless its severity went up.
	type place struct{ rule, path, location string }
	leftBy := map[place][]string{}
	for _, fp := range slices.Sorted(maps.Keys(baseBy)) {
		for _, b := range baseBy[fp] {
			k := place{b.f.RuleID, sel.headOf(b.f.Path), b.f.Location}
			leftBy[k] = append(leftBy[k], fp)
		}
	}
	for _, h := range pending {
		k := place{h.f.RuleID, h.f.Path, h.f.Location}
		paired := false
		for i, fp := range leftBy[k] {
			list := baseBy[fp]
			if len(list) == 0 || list[0].f.Severity < h.f.Severity {
				continue
			}
			b := list[0]
			baseBy[fp] = list[1:]
			leftBy[k] = slices.Delete(slices.Clone(leftBy[k]), i, i+1)
			it := item(h.f, h.fp, StatusExisting)
			it.BaseEvidence = b.f.Evidence
			if b.f.Path != h.f.Path {
				it.BasePath = b.f.Path
			}
			if br := b.f.Range.Normalize(); b.f.Path != h.f.Path || br.StartLine != it.Range.StartLine {
				it.BaseRange = &br
			}
			rv.Existing = append(rv.Existing, it)
			paired = true
			break
		}
		if !paired {
			rv.New = append(rv.New, item(h.f, h.fp, StatusNew))
		}
	}
	for _, fp := range slices.Sorted(maps.Keys(baseBy)) {
		for _, b := range baseBy[fp] {
			hp := sel.headOf(b.f.Path)
			status := StatusFixed
			if unreadable[hp] && !isFileLevelFailure(b.f) {
				status = StatusUnchecked
			}
			it := item(b.f, fp, status)
			if status == StatusFixed {
				rv.Fixed = append(rv.Fixed, it)
			} else {
				rv.Unchecked = append(rv.Unchecked, it)
			}
		}
	}
	for _, list := range []*[]Item{&rv.New, &rv.Fixed, &rv.Existing, &rv.Unchecked} {
		if *list == nil {
			*list = []Item{}
		}
		slices.SortStableFunc(*list, compareItems)
	}
}

// unreadablePaths lists the head files that could not be checked; a
// Compose file that fails makes its whole folder's project unchecked.
func unreadablePaths(sel *selection, head []finding.Finding) map[string]bool {
	out := map[string]bool{}
	for _, f := range head {
		if !isFileLevelFailure(f) {
			continue
		}
		out[f.Path] = true
		if sel.head.kind(f.Path) == source.KindCompose {
			for l := range sel.logical {
				if path.Dir(l) == path.Dir(f.Path) && sel.kindOf(l) == source.KindCompose {
					out[l] = true
				}
			}
		}
	}
	return out
}

// compareItems orders by severity (highest first), then path and line.
func compareItems(a, b Item) int {
	return cmp.Or(cmp.Compare(b.Severity, a.Severity), cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Range.StartLine, b.Range.StartLine), cmp.Compare(a.RuleID, b.RuleID), cmp.Compare(a.Fingerprint, b.Fingerprint))
}

// annotations covers every head finding: new first, then existing.
func annotations(rv *Review) []Annotation {
	out := []Annotation{}
	for _, list := range [][]Item{rv.New, rv.Existing} {
		for _, it := range list {
			title := fmt.Sprintf("%s %s (%s, %s)", it.RuleID, it.Title, it.Severity, it.Status)
			out = append(out, Annotation{Path: it.Path, StartLine: it.Range.StartLine, EndLine: it.Range.EndLine,
				Level: AnnotationLevel(it.Severity), Title: title, Message: it.Message, RuleID: it.RuleID, Fingerprint: it.Fingerprint, Status: it.Status})
		}
	}
	return out
}

// AnnotationLevel is GitHub's annotation_level for a finding of severity s:
// failure for high and critical, warning for medium, notice below.
func AnnotationLevel(s finding.Severity) string {
	switch {
	case s >= finding.High:
		return "failure"
	case s == finding.Medium:
		return "warning"
	}
	return "notice"
}

func verdict(rv *Review, req Request) Verdict {
	v := Verdict{FailOn: req.FailOn.String(), FailOnExisting: req.FailOnExisting}
	if req.FailOn == finding.None {
		v.Reason = "fail-on is none: the review never fails"
		return v
	}
	n := 0
	for _, it := range rv.New {
		if it.Severity >= req.FailOn {
			n++
		}
	}
	e := 0
	if req.FailOnExisting {
		for _, it := range rv.Existing {
			if it.Severity >= req.FailOn {
				e++
			}
		}
	}
	switch {
	case n > 0 && e > 0:
		v.Fail, v.Reason = true, fmt.Sprintf("%s and %s at or above %s", plural(n, "new finding"), plural(e, "existing finding"), req.FailOn)
	case n > 0:
		v.Fail, v.Reason = true, fmt.Sprintf("%s at or above %s", plural(n, "new finding"), req.FailOn)
	case e > 0:
		v.Fail, v.Reason = true, fmt.Sprintf("%s at or above %s (fail-on-existing)", plural(e, "existing finding"), req.FailOn)
	default:
		v.Reason = fmt.Sprintf("no new findings at or above %s", req.FailOn)
	}
	return v
}

func counts(rv *Review, overflow int) Counts {
	c := Counts{New: len(rv.New), Fixed: len(rv.Fixed), Existing: len(rv.Existing), Unchecked: len(rv.Unchecked),
		NewBySeverity: map[string]int{}, Inline: len(rv.Comments), Overflow: overflow}
	for _, it := range rv.Existing {
		if it.BaseSeverity != 0 {
			c.SeverityChanged++
		}
	}
	for _, it := range rv.New {
		c.NewBySeverity[it.Severity.String()]++
	}
	return c
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
