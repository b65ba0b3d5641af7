package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/gctune"
	"github.com/stevedore-dev/stevedore/internal/gitsource"
	"github.com/stevedore-dev/stevedore/internal/report"
	"github.com/stevedore-dev/stevedore/internal/review"
	"github.com/stevedore-dev/stevedore/rules"
)

// reviewFlags are review's own flags.
type reviewFlags struct {
	commonFlags
	base, head, repo        string
	baseDir, headDir, patch string
	failOnExisting          bool
	commentLimit            int
}

func runReview(args []string, io IO) int {
	fs := flag.NewFlagSet("review", flag.ContinueOnError)
	fs.SetOutput(io.Stderr)
	var rf reviewFlags
	rf.register(fs)
	fs.StringVar(&rf.base, "base", "", "git `REF` the change is compared against (its merge base with --head is used)")
	fs.StringVar(&rf.head, "head", "HEAD", "git `REF` of the change")
	fs.StringVar(&rf.repo, "repo", ".", "the git checkout (`DIR`) for --base/--head")
	fs.StringVar(&rf.baseDir, "base-dir", "", "folder with the base tree (without git)")
	fs.StringVar(&rf.headDir, "head-dir", "", "folder with the head tree (without git)")
	fs.StringVar(&rf.patch, "patch", "", "unified diff `FILE` from base-dir to head-dir (default: compare the trees)")
	fs.BoolVar(&rf.failOnExisting, "fail-on-existing", false, "fail on existing findings at or above --fail-on too, not only new ones")
	fs.IntVar(&rf.commentLimit, "comment-limit", 0, "most inline comments (default 25, or the config's review.comment-limit)")
	fs.Usage = func() {
		fmt.Fprintln(io.Stderr, "Usage: stevedore review --base REF [--head REF] [flags]\n       stevedore review --base-dir A --head-dir B [--patch FILE] [flags]\n\n"+
			"Reports what a change makes worse or better: new, fixed and existing findings, security posture changes,\n"+
			"and the inline comments a pull request would get. Both sides are checked with the base side's config.\n"+
			"Exit status: 0 no new finding at or above --fail-on, 1 new findings at or above it, 2 errors.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	if fs.NArg() > 0 {
		return fail(io, fmt.Errorf("review takes no arguments (got %q)", fs.Args()))
	}
	gctune.Batch(io.Getenv)
	rv, err := rf.run(context.Background())
	if err != nil {
		return fail(io, err)
	}
	if err := rf.write(io, rv); err != nil {
		return fail(io, err)
	}
	if rv.Verdict.Fail {
		return ExitFindings
	}
	return ExitOK
}

// run builds the request from the flags and reviews.
func (rf *reviewFlags) run(ctx context.Context) (*review.Review, error) {
	var req review.Request
	var cfgRoot fs.FS
	switch {
	case rf.baseDir != "" || rf.headDir != "":
		if rf.baseDir == "" || rf.headDir == "" || rf.base != "" {
			return nil, errors.New("use --base-dir and --head-dir together, without --base")
		}
		for _, d := range []string{rf.baseDir, rf.headDir} {
			if st, err := os.Stat(d); err != nil || !st.IsDir() {
				return nil, fmt.Errorf("review: %s is not a folder", d)
			}
		}
		req.Base, req.Head = os.DirFS(rf.baseDir), os.DirFS(rf.headDir)
		if rf.patch != "" {
			f, err := os.Open(rf.patch)
			if err != nil {
				return nil, fmt.Errorf("patch: %w", err)
			}
			defer f.Close()
			if req.Diffs, err = diff.Parse(f); err != nil {
				return nil, fmt.Errorf("patch %s: %w", rf.patch, err)
			}
		} else {
			var err error
			if req.Diffs, err = review.CompareTrees(req.Base, req.Head); err != nil {
				return nil, err
			}
		}
		cfgRoot = req.Base
	case rf.base != "":
		repo, err := gitsource.Open(ctx, rf.repo)
		if err != nil {
			return nil, err
		}
		mb, err := repo.MergeBase(ctx, rf.base, rf.head)
		if err != nil {
			return nil, err
		}
		head, err := repo.ResolveCommit(ctx, rf.head)
		if err != nil {
			return nil, err
		}
		baseTree, err := repo.TreeFS(ctx, mb)
		if err != nil {
			return nil, err
		}
		defer baseTree.Close()
		headTree, err := repo.TreeFS(ctx, head)
		if err != nil {
			return nil, err
		}
		defer headTree.Close()
		if req.Diffs, err = repo.Diff(ctx, mb, head); err != nil {
			return nil, err
		}
		req.Base, req.Head, cfgRoot = baseTree, headTree, baseTree
	default:
		return nil, errors.New("review needs --base REF (in a git checkout) or --base-dir and --head-dir")
	}
	cfg, err := rf.reviewConfig(cfgRoot)
	if err != nil {
		return nil, err
	}
	opts, sev, err := rf.settings(cfg)
	if err != nil {
		return nil, err
	}
	req.Catalogue, req.Config, req.Options, req.FailOn = rules.All(), cfg, opts, sev
	req.FailOnExisting = rf.failOnExisting
	req.CommentLimit = cfg.Review.CommentLimit
	if rf.commentLimit > 0 {
		req.CommentLimit = rf.commentLimit
	}
	return review.Run(ctx, req)
}

// reviewConfig reads --config, else the base side's .stevedore.yml: the
// change under review must not be able to relax its own checks.
func (rf *reviewFlags) reviewConfig(base fs.FS) (*config.Config, error) {
	if rf.configPath != "" {
		return config.Load(rf.configPath)
	}
	cfg, err := config.Find(base)
	if err != nil {
		return nil, fmt.Errorf("base side: %w", err)
	}
	return cfg, nil
}

// write renders the review in the chosen format.
func (rf *reviewFlags) write(io IO, rv *review.Review) (err error) {
	w := io.Stdout
	if rf.output != "" {
		f, err := os.Create(rf.output)
		if err != nil {
			return fmt.Errorf("output: %w", err)
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("output: %w", cerr)
			}
		}()
		w = f
	}
	switch rf.format {
	case "json":
		return writeReviewJSON(w, rv)
	case "markdown":
		return writeReviewMarkdown(w, rv)
	case "sarif":
		return rf.writeReviewSARIF(w, rv)
	default:
		return writeReviewText(w, rv)
	}
}

func writeReviewJSON(w io.Writer, rv *review.Review) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rv); err != nil {
		return fmt.Errorf("write review json: %w", err)
	}
	return nil
}

// writeReviewMarkdown writes what a pull request would show: the summary,
// then each inline comment under its file and line.
func writeReviewMarkdown(w io.Writer, rv *review.Review) error {
	var b strings.Builder
	b.WriteString(rv.Summary)
	if len(rv.Comments) > 0 {
		fmt.Fprintf(&b, "\n---\n\n## Inline comments (%d)\n", len(rv.Comments))
		for _, c := range rv.Comments {
			where := fmt.Sprintf("line %d", c.Line)
			if c.StartLine > 0 {
				where = fmt.Sprintf("lines %d–%d", c.StartLine, c.Line)
			}
			fmt.Fprintf(&b, "\n### `%s` %s\n\n%s", c.Path, where, c.Body)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeReviewSARIF writes the head findings with baselineState new or
// unchanged, and the fixed ones as absent.
func (rf *reviewFlags) writeReviewSARIF(w io.Writer, rv *review.Review) error {
	res := &report.Result{Tool: tool(), DocsBase: rf.docsURL, Rules: rules.All(), AutomationID: "stevedore/review/"}
	states := map[string]string{}
	add := func(items []review.Item, state string) {
		for _, it := range items {
			f := finding.Finding{RuleID: it.RuleID, RuleName: it.RuleName, Severity: it.Severity, Path: it.Path, Range: it.Range,
				Message: it.Message, Location: it.Location, Evidence: it.Evidence, DocURL: it.DocURL, NoteURL: it.NoteURL}
			res.Findings = append(res.Findings, f)
			states[f.Fingerprint()] = state
		}
	}
	add(rv.Fixed, report.BaselineAbsent)
	add(rv.Existing, report.BaselineUnchanged)
	add(rv.New, report.BaselineNew)
	return report.SARIFWithBaseline(w, res, states)
}

// writeReviewText writes a terminal-friendly list.
func writeReviewText(w io.Writer, rv *review.Review) error {
	var b strings.Builder
	verdict := "pass"
	if rv.Verdict.Fail {
		verdict = "FAIL"
	}
	fmt.Fprintf(&b, "stevedore review: %s — %s\n", verdict, rv.Verdict.Reason)
	fmt.Fprintf(&b, "%d new, %d fixed, %d existing, %d not re-checked; %d files analysed", rv.Counts.New, rv.Counts.Fixed, rv.Counts.Existing, rv.Counts.Unchecked, len(rv.Files))
	if rv.ConfigChanged {
		fmt.Fprintf(&b, "; %s changed (base config used)", rv.ConfigPath)
	}
	b.WriteString("\n")
	section := func(title string, items []review.Item) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		for _, it := range items {
			fmt.Fprintf(&b, "  %s:%d  %-8s %s %s  %s\n", it.Path, it.Range.StartLine, it.Severity, it.RuleID, it.RuleName, it.Message)
		}
	}
	section("New", rv.New)
	section("Fixed", rv.Fixed)
	section("Not re-checked", rv.Unchecked)
	section("Existing", rv.Existing)
	if len(rv.Posture) > 0 {
		b.WriteString("\nPosture:\n")
		for _, c := range rv.Posture {
			fmt.Fprintf(&b, "  %s %s: %s: %s → %s (%s)\n", c.Path, c.Name, c.Property, c.Before, c.After, c.Verdict)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
