package action

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/github"
	"github.com/stevedore-dev/stevedore/internal/report"
	"github.com/stevedore-dev/stevedore/internal/review"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// Change is what a review compares. Base is nil for a push (head only).
type Change struct {
	Base, Head fs.FS
	Diffs      []*diff.FileDiff
}

// Settings are the inputs that shape a review.
type Settings struct {
	FailOn       finding.Severity
	CommentLimit int
	DocsBase     string
	ConfigPath   string
	Paths        []string
	Exclude      []string
	// Catalogue is the rule set (the CLI passes rules.All()).
	Catalogue []*rule.Rule
}

// Result is a review as the Action posts it.
type Result struct {
	New, Fixed, Existing []finding.Finding
	// Comments are the inline comments (capped), with fingerprint markers.
	Comments []github.Comment
	// Summary is markdown for the review, the check run and the job summary.
	Summary string
	Scanned []report.ScannedFile
	Rules   []*rule.Rule
	// Fail is true when new findings reach fail-on.
	Fail bool
	// RequestChanges is the base config's review.request-changes.
	RequestChanges bool
}

// Reviewer turns a Change into a Result.
type Reviewer func(ctx context.Context, ch Change, s Settings) (*Result, error)

// EngineReviewer reviews a change with internal/review — the same engine
// as `stevedore review` — and converts its Review into what the Action
// posts. A push (no base side) gets a head-only scan: every finding is
// existing, nothing is commented inline.
func EngineReviewer(ctx context.Context, ch Change, s Settings) (*Result, error) {
	if len(s.Catalogue) == 0 {
		return nil, fmt.Errorf("no rule catalogue")
	}
	cfgFS := ch.Base
	if cfgFS == nil {
		cfgFS = ch.Head
	}
	cfg, err := loadConfig(cfgFS, s.ConfigPath)
	if err != nil {
		return nil, err
	}
	cfg.Exclude = append(cfg.Exclude, s.Exclude...)
	if ch.Base == nil {
		return headOnly(ctx, ch, s, cfg)
	}
	limit := s.CommentLimit
	if limit == 0 {
		limit = cfg.Review.CommentLimit // 0 leaves the review's default
	}
	rv, err := review.Run(ctx, review.Request{
		Base: ch.Base, Head: ch.Head, Diffs: onlyPaths(ch.Diffs, s.Paths),
		Catalogue: s.Catalogue, Config: cfg,
		Options:      engine.Options{DocsBase: s.DocsBase},
		CommentLimit: limit, FailOn: s.FailOn,
	})
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	res := &Result{Summary: rv.Summary, Fail: rv.Verdict.Fail, Rules: s.Catalogue, RequestChanges: cfg.Review.RequestChanges}
	for _, f := range rv.Files {
		if f.Change != "removed" && f.Kind != "dockerignore" {
			res.Scanned = append(res.Scanned, report.ScannedFile{Path: f.Path, Kind: f.Kind})
		}
	}
	res.New, res.Fixed, res.Existing = findings(rv.New), findings(rv.Fixed), findings(rv.Existing)
	for _, c := range rv.Comments {
		res.Comments = append(res.Comments, github.Comment{Path: c.Path, Line: c.Line, StartLine: c.StartLine,
			Body: c.Body, Fingerprint: c.Fingerprint})
	}
	return res, nil
}

// findings turns review items back into findings.
func findings(items []review.Item) []finding.Finding {
	out := make([]finding.Finding, 0, len(items))
	for _, it := range items {
		out = append(out, finding.Finding{RuleID: it.RuleID, RuleName: it.RuleName, Severity: it.Severity,
			Path: it.Path, Range: it.Range, Message: it.Message, Location: it.Location, Evidence: it.Evidence,
			Fix: it.Fix, DocURL: it.DocURL, NoteURL: it.NoteURL})
	}
	return out
}

// onlyPaths keeps the diffs of files below one of paths (all when empty).
func onlyPaths(diffs []*diff.FileDiff, paths []string) []*diff.FileDiff {
	if len(paths) == 0 {
		return diffs
	}
	var out []*diff.FileDiff
	for _, d := range diffs {
		for _, p := range paths {
			p = strings.TrimSuffix(path.Clean(p), "/")
			if name := d.Path(); p == "." || name == p || strings.HasPrefix(name, p+"/") {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// headOnly scans the head side of a push: everything is existing.
func headOnly(ctx context.Context, ch Change, s Settings, cfg *config.Config) (*Result, error) {
	sc, err := engine.New(s.Catalogue, cfg, engine.Options{DocsBase: s.DocsBase})
	if err != nil {
		return nil, fmt.Errorf("configure rules: %w", err)
	}
	head, err := scanSide(ctx, sc, ch.Head, s.Paths)
	if err != nil {
		return nil, fmt.Errorf("scan head: %w", err)
	}
	res := &Result{Rules: sc.Rules(), Existing: head.Findings}
	for _, f := range head.Files {
		if f.Kind != "dockerignore" {
			res.Scanned = append(res.Scanned, report.ScannedFile{Path: f.Path, Kind: string(f.Kind)})
		}
	}
	slices.SortFunc(res.Existing, byPlace)
	res.Summary = summary(res, nil) // no new findings, so no inline comments
	return res, nil
}

func byPlace(a, b finding.Finding) int {
	return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Range.StartLine, b.Range.StartLine), cmp.Compare(a.RuleID, b.RuleID))
}

func loadConfig(fsys fs.FS, p string) (*config.Config, error) {
	if fsys == nil {
		return config.Default(), nil
	}
	if p == "" {
		cfg, err := config.Find(fsys) // the defaults when the tree has none
		if err != nil {
			return nil, fmt.Errorf("read config: %w", err)
		}
		return cfg, nil
	}
	data, err := fs.ReadFile(fsys, strings.TrimPrefix(path.Clean(p), "/"))
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", p, err)
	}
	return config.Parse(p, data)
}

// scanSide scans the given paths that exist in fsys (all of fsys when paths
// is nil).
func scanSide(ctx context.Context, sc *engine.Scanner, fsys fs.FS, paths []string) (*engine.Result, error) {
	if paths == nil {
		return sc.Scan(ctx, fsys)
	}
	var present []string
	for _, p := range paths {
		if _, err := fs.Stat(fsys, p); err == nil {
			present = append(present, p)
		}
	}
	// Context files (.dockerignore) are picked up by the engine from fsys.
	if len(present) == 0 {
		return &engine.Result{}, nil
	}
	return sc.Scan(ctx, fsys, present...)
}

func summary(res *Result, overflow []finding.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## stevedore: %d new, %d fixed, %d existing\n\n", len(res.New), len(res.Fixed), len(res.Existing))
	if len(res.Scanned) == 0 {
		b.WriteString("No container files changed.\n")
	}
	list := func(title string, fs []finding.Finding, collapsed bool) {
		if len(fs) == 0 {
			return
		}
		if collapsed {
			fmt.Fprintf(&b, "<details><summary>%s (%d)</summary>\n\n", title, len(fs))
		} else {
			fmt.Fprintf(&b, "### %s (%d)\n\n", title, len(fs))
		}
		for _, f := range fs {
			rule := "`" + f.RuleID + "`"
			if f.DocURL != "" {
				rule = fmt.Sprintf("[%s](%s)", f.RuleID, f.DocURL)
			}
			fmt.Fprintf(&b, "- **%s** %s %s — `%s:%d` %s\n", f.Severity, rule, f.RuleName, f.Path, f.Range.Normalize().StartLine, oneLine(f.Message))
		}
		if collapsed {
			b.WriteString("\n</details>\n")
		}
		b.WriteString("\n")
	}
	list("New findings not commented inline", overflow, false)
	list("Fixed by this change — thank you", res.Fixed, false)
	list("Existing findings", res.Existing, true)
	return b.String()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("|", "\\|", "<", "&lt;").Replace(s)), " ")
}
