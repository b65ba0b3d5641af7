package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os/signal"
	"strings"
	"syscall"

	"github.com/stevedore-dev/stevedore/internal/action"
	"github.com/stevedore-dev/stevedore/rules"
)

// runAction is `stevedore action`: the GitHub Action entry point. Flags
// mirror the inputs of action.yml one to one; a flag left empty falls back to
// the runner's INPUT_<NAME> variable, and the token comes from the
// environment (INPUT_GITHUB-TOKEN or GITHUB_TOKEN), never from a flag, so it
// does not show in process listings.
func runAction(args []string, io IO) int {
	fs := flag.NewFlagSet("action", flag.ContinueOnError)
	fs.SetOutput(io.Stderr)
	in := action.Inputs{}
	var paths, exclude string
	fs.StringVar(&in.FailOn, "fail-on", "", "lowest severity of a new finding that fails the run (default high)")
	fs.StringVar(&in.Config, "config", "", "config file, read from the base side (default .stevedore.yml)")
	fs.StringVar(&in.Mode, "mode", "", "what to post: review, check or both (default both)")
	fs.IntVar(&in.CommentLimit, "comment-limit", 0, "most inline comments per run (default 25)")
	fs.StringVar(&in.SarifFile, "sarif-file", "", "also write SARIF to this file")
	fs.StringVar(&paths, "paths", "", "comma- or newline-separated paths to review (default: the changed files)")
	fs.StringVar(&exclude, "exclude", "", "comma- or newline-separated patterns never reviewed")
	fs.StringVar(&in.DocsURL, "docs-url", "", "base URL of rule pages")
	fs.StringVar(&in.PREventFile, "pr-event-file", "", "workflow_run: the first workflow's event file (fork-safe pattern)")
	fs.BoolVar(&in.RequestChanges, "request-changes", false, "request changes (not just comment) when new findings reach fail-on")
	fs.Usage = func() {
		fmt.Fprintln(io.Stderr, "Usage: stevedore action [flags]\n\nRuns inside GitHub Actions (see docs/action.md): reviews the pull request of GITHUB_EVENT_PATH and posts\none review, one check run and the job summary. Exit status: 0, 1 new findings at or above --fail-on, 2 errors.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	input := func(v *string, name string) {
		if *v == "" {
			*v = strings.TrimSpace(io.getenv("INPUT_" + strings.ToUpper(name)))
		}
	}
	input(&in.FailOn, "fail-on")
	input(&in.Config, "config")
	input(&in.Mode, "mode")
	input(&in.SarifFile, "sarif-file")
	input(&paths, "paths")
	input(&exclude, "exclude")
	input(&in.DocsURL, "docs-url")
	input(&in.PREventFile, "pr-event-file")
	if in.CommentLimit == 0 {
		if v := strings.TrimSpace(io.getenv("INPUT_COMMENT-LIMIT")); v != "" {
			if _, err := fmt.Sscan(v, &in.CommentLimit); err != nil || in.CommentLimit < 0 {
				return fail(io, fmt.Errorf("comment-limit %q is not a count", v))
			}
		}
	}
	in.Paths, in.Exclude = splitList(paths), splitList(exclude)
	in.Token = io.getenv("INPUT_GITHUB-TOKEN")
	if in.Token == "" {
		in.Token = io.getenv("GITHUB_TOKEN")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return action.Run(ctx, in, action.Env{Getenv: io.Getenv, Stdout: io.Stdout, Stderr: io.Stderr, Catalogue: rules.All()})
}

// splitList reads an input list: items separated by commas or newlines.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
